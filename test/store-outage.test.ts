import t from 'tap'
import { build } from './helpers/build.js'
import { bearer, login, refresh, register } from './helpers/flows.js'
import { assertUnavailable, buildHostApp, expectingOutageStores, storeRequests, timed, waitUntilReady } from './helpers/outage.js'
import { privateRedisServer } from './helpers/redis.js'

// Redis stopped under a running app: every endpoint that needs the store answers 503
// STORE_UNAVAILABLE with Retry-After at once; token-only routes keep answering; /readyz
// says 503; started again on the same port, the app recovers by itself.

const redis = await privateRedisServer(t)
const { app } = await build(t, { stores: expectingOutageStores(t, redis.url) })
const host = await buildHostApp(t, redis.url)
const owner = await register(app, { transport: 'body' })

t.test('while Redis is up, everything answers', async (t) => {
  t.equal((await app.inject({ method: 'GET', url: '/readyz' })).statusCode, 200)
  t.equal((await app.inject({ method: 'GET', url: '/profile', headers: bearer(owner.accessToken) })).statusCode, 200)
})

t.test('Redis stopped: every store endpoint is a 503 STORE_UNAVAILABLE, answered in time', async (t) => {
  await redis.stop()
  for (const [label, request] of Object.entries(storeRequests(owner))) {
    assertUnavailable(t, await timed(app, request), label)
  }
})

t.test('Redis stopped: routes that only verify the access token keep answering', async (t) => {
  t.equal((await app.inject({ method: 'GET', url: '/auth/verify', headers: bearer(owner.accessToken) })).statusCode, 204)
  const hostRoute = await host.inject({ method: 'GET', url: '/orders', headers: bearer(owner.accessToken) })
  t.equal(hostRoute.statusCode, 200, "the host's own route")
  t.same(hostRoute.json(), { owner: owner.userId })
  t.equal((await app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200, 'the process is up')
  t.equal((await app.inject({ method: 'GET', url: '/auth/verify' })).statusCode, 401, 'and still refuses a missing token')
})

t.test('Redis stopped: a login is a 503, never a misleading INVALID_CREDENTIALS', async (t) => {
  const response = await app.inject({ method: 'POST', url: '/auth/login', payload: { email: owner.email, password: 'a wrong password' } })
  t.equal(response.statusCode, 503)
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
