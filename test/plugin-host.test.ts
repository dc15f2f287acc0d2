import type { Test } from 'tap'
import Fastify from 'fastify'
import t from 'tap'
import authgate, { createMemoryStores } from '../src/index.js'
import { TEST_JWT_SECRET } from './helpers/build.js'
import { bearer, register } from './helpers/flows.js'

// DESIGN.md: another Fastify app registers the plugin and guards its own routes.

async function host (t: Test) {
  const app = Fastify()
  const stores = createMemoryStores()
  await app.register(authgate, { stores, jwtSecret: TEST_JWT_SECRET, rateLimit: false, argon2: { memoryKiB: 1024, timeCost: 1 } })
  app.get('/orders', { onRequest: app.authenticate }, async (request) => ({ owner: request.user.sub, session: request.user.sid }))
  app.post('/echo', async (request) => ({ type: typeof request.body, body: request.body }))
  t.teardown(async () => {
    await app.close()
    await stores.close()
  })
  await app.ready()
  return app
}

t.test('a host route guarded by app.authenticate sees the token\'s claims', async (t) => {
  const app = await host(t)
  const { accessToken, userId, refreshToken } = await register(app, { transport: 'body' })
  const response = await app.inject({ method: 'GET', url: '/orders', headers: bearer(accessToken) })
  t.equal(response.statusCode, 200)
  t.same(response.json(), { owner: userId, session: refreshToken.split('.')[1] })
})

t.test('a host route refuses a missing or bad token with 401 and the challenge', async (t) => {
  const app = await host(t)
  const missing = await app.inject({ method: 'GET', url: '/orders' })
  t.equal(missing.statusCode, 401)
  t.equal(missing.headers['www-authenticate'], 'Bearer')
  t.equal(missing.json().code, 'ACCESS_TOKEN_MISSING')
  const bad = await app.inject({ method: 'GET', url: '/orders', headers: bearer('x.y.z') })
  t.equal(bad.statusCode, 401)
  t.equal(bad.headers['www-authenticate'], 'Bearer error="invalid_token"')
})

t.test('the plugin leaves the host\'s parsers and decorators alone', async (t) => {
  const app = await host(t)
  const text = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'text/plain' }, payload: 'hello' })
  t.same(text.json(), { type: 'string', body: 'hello' }, 'the host still parses text/plain')
  t.notOk(app.hasDecorator('jwt') && typeof (app as unknown as { jwt: { sign?: unknown } }).jwt.sign === 'function', 'no root-level jwt signer')
  t.notOk(app.hasRequestDecorator('cookies'), 'no cookie parser at the root')
})

t.test('the plugin refuses a short secret at ready()', async (t) => {
  const app = Fastify()
  await t.rejects(async () => {
    await app.register(authgate, { stores: createMemoryStores(), jwtSecret: 'short' })
    await app.ready()
  }, /jwtSecret/)
})
