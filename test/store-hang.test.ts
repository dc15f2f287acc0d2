import t from 'tap'
import { build } from './helpers/build.js'
import { bearer, login, refresh, register, uniqueEmail, PASSWORD } from './helpers/flows.js'
import { assertUnavailable, buildHostApp, expectingOutageStores, storeRequests, timed, waitUntilReady } from './helpers/outage.js'
import { inspectRedis, privateRedisServer } from './helpers/redis.js'

// Redis hangs (the process is frozen with SIGSTOP: connections stay open, nothing answers,
// as in a network partition). ioredis's defaults would hold these requests for tens of
// seconds; with the command timeout they are 503 within the bound. Once Redis resumes,
// the commands it queued meanwhile run late, and still nothing is left half-done.

const redis = await privateRedisServer(t)
const { app } = await build(t, { stores: expectingOutageStores(t, redis.url) })
const host = await buildHostApp(t, redis.url)
const info = await inspectRedis(t, redis.url).info('server')
const redisPid = Number(/process_id:(\d+)/.exec(info)?.[1])

const owner = await register(app, { transport: 'body' })
const newEmail = uniqueEmail()

t.test('Redis frozen: store endpoints are 503 within the bound, token-only routes answer', async (t) => {
  const requests = storeRequests(owner)
  requests.register = { method: 'POST', url: '/auth/register', payload: { email: newEmail, password: PASSWORD } }
  delete requests.logout // would end the session this test checks afterwards
  delete requests['logout-all']
  delete requests['password change']
  process.kill(redisPid, 'SIGSTOP')
  try {
    // All at once: each waits for its own command timeout.
    const answers = await Promise.all(Object.values(requests).map(async (request) => await timed(app, request)))
    Object.keys(requests).forEach((label, i) => assertUnavailable(t, answers[i]!, label))
    t.equal((await app.inject({ method: 'GET', url: '/auth/verify', headers: bearer(owner.accessToken) })).statusCode, 204)
    t.equal((await host.inject({ method: 'GET', url: '/orders', headers: bearer(owner.accessToken) })).statusCode, 200)
  } finally {
    process.kill(redisPid, 'SIGCONT')
  }
})

t.test('Redis resumed: ready again at once', async (t) => {
  t.not(await waitUntilReady(app, 5000), null)
})

t.test('a register that timed out left no taken email without an account', async (t) => {
  // Its user hash may have been written late; the email claim was never sent.
  const response = await app.inject({ method: 'POST', url: '/auth/register', payload: { email: newEmail, password: PASSWORD } })
  t.equal(response.statusCode, 201)
  t.equal((await login(app, newEmail)).userId, response.json().user.id)
})

t.test('a refresh that timed out, then ran late, is recovered by retrying the same token (grace)', async (t) => {
  const retried = await refresh(app, owner.refreshToken)
  t.equal(retried.statusCode, 200)
  t.equal((await refresh(app, retried.json().refreshToken)).statusCode, 200, 'and the successor is current')
})
