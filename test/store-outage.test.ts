import { Redis } from 'ioredis'
import t from 'tap'
import { build } from './helpers/build.js'
import { bearer, login, PASSWORD, refresh, register, uniqueEmail } from './helpers/flows.js'
import { assertUnavailable, buildHostApp, expectingOutageStores, storeRequests, timed, waitUntilReady } from './helpers/outage.js'
import { privateRedisServer } from './helpers/redis.js'

// A Redis of the test's own, under a running app (and a host app with a route behind
// app.authenticate). Frozen first (SIGSTOP: connections stay open, nothing answers, as in
// a network partition), then stopped, then started again on the same port. ioredis's
// defaults would hold requests for tens of seconds; here every endpoint that needs the
// store answers 503 STORE_UNAVAILABLE with Retry-After within the bound, token-only routes
// keep answering, nothing is left half-done, and the app recovers by itself.

const redis = await privateRedisServer(t)
const { app } = await build(t, { stores: expectingOutageStores(t, redis.url) })
const host = await buildHostApp(t, redis.url)
const owner = await register(app, { transport: 'body' })

async function redisProcessId (url: string): Promise<number> {
  const client = new Redis(url)
  const info = await client.info('server')
  await client.quit()
  return Number(/process_id:(\d+)/.exec(info)?.[1])
}

t.test('while Redis is up, everything answers', async (t) => {
  t.equal((await app.inject({ method: 'GET', url: '/readyz' })).statusCode, 200)
  t.equal((await app.inject({ method: 'GET', url: '/profile', headers: bearer(owner.accessToken) })).statusCode, 200)
})

t.test('Redis frozen', async (t) => {
  const redisPid = await redisProcessId(redis.url)
  const newEmail = uniqueEmail()

  t.test('store endpoints are 503 within the bound, token-only routes answer', async (t) => {
    const requests = storeRequests(owner)
    requests.register = { method: 'POST', url: '/auth/register', payload: { email: newEmail, password: PASSWORD } }
    delete requests.logout // would end the session checked below
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

  t.test('resumed: ready again at once', async (t) => {
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
})

t.test('Redis stopped', async (t) => {
  await redis.stop()

  t.test('every store endpoint is a 503 STORE_UNAVAILABLE, answered in time', async (t) => {
    for (const [label, request] of Object.entries(storeRequests(owner))) {
      assertUnavailable(t, await timed(app, request), label)
    }
  })

  t.test('routes that only verify the access token keep answering', async (t) => {
    t.equal((await app.inject({ method: 'GET', url: '/auth/verify', headers: bearer(owner.accessToken) })).statusCode, 204)
    const hostRoute = await host.inject({ method: 'GET', url: '/orders', headers: bearer(owner.accessToken) })
    t.equal(hostRoute.statusCode, 200, "the host's own route")
    t.same(hostRoute.json(), { owner: owner.userId })
    t.equal((await app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200, 'the process is up')
    t.equal((await app.inject({ method: 'GET', url: '/auth/verify' })).statusCode, 401, 'and still refuses a missing token')
  })

  t.test('a login is a 503, never a misleading INVALID_CREDENTIALS', async (t) => {
    const response = await app.inject({ method: 'POST', url: '/auth/login', payload: { email: owner.email, password: 'a wrong password' } })
    t.equal(response.statusCode, 503)
  })
})

t.test('Redis started again on the same port: the app recovers by itself', async (t) => {
  await privateRedisServer(t, { port: redis.port })
  const tookMs = await waitUntilReady(app, 10_000)
  t.not(tookMs, null, `ready again after ${Math.round(tookMs ?? -1)} ms`)
  // A redis-server without persistence comes back empty: the old session is gone, new ones work.
  const fresh = await register(app, { transport: 'body' })
  const again = await login(app, fresh.email, { transport: 'body' })
  t.equal((await refresh(app, again.refreshToken)).statusCode, 200, 'rotation works')
  t.equal((await app.inject({ method: 'GET', url: '/auth/sessions', headers: bearer(again.accessToken) })).json().sessions.length, 2)
  t.equal((await refresh(app, owner.refreshToken)).json().code, 'REFRESH_TOKEN_INVALID', 'the lost session is simply unknown')
  t.not(await waitUntilReady(host, 10_000), null, 'the host app recovered too')
})
