import t from 'tap'
import { build, STORE_KINDS } from './helpers/build.js'

for (const store of STORE_KINDS) {
  t.test(`${store}: /healthz and /readyz answer 200 while the store is up`, async (t) => {
    const { app } = await build(t, { store })
    t.equal((await app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200)
    t.equal((await app.inject({ method: 'GET', url: '/readyz' })).statusCode, 200)
  })
}

t.test('/docs/json is an OpenAPI document of every endpoint', async (t) => {
  const { app } = await build(t)
  const response = await app.inject({ method: 'GET', url: '/docs/json' })
  t.equal(response.statusCode, 200)
  const document = response.json()
  t.match(document.openapi, /^3\./)
  const expected: Array<[string, string]> = [
    ['/auth/register', 'post'], ['/auth/login', 'post'], ['/auth/refresh', 'post'], ['/auth/logout', 'post'],
    ['/auth/logout-all', 'post'], ['/auth/sessions', 'get'], ['/auth/sessions/{id}', 'delete'], ['/auth/password', 'post'],
    ['/profile', 'get'], ['/auth/verify', 'get'], ['/healthz', 'get'], ['/readyz', 'get']
  ]
  for (const [path, method] of expected) t.ok(document.paths[path]?.[method], `${method.toUpperCase()} ${path} is described`)
  t.ok(document.components.securitySchemes.bearerAuth, 'the bearer scheme is described')
})

t.test('/docs serves the UI', async (t) => {
  const { app } = await build(t)
  const response = await app.inject({ method: 'GET', url: '/docs' })
  t.ok(response.statusCode === 200 || response.statusCode === 302, `answered ${response.statusCode}`)
  if (response.statusCode === 302) t.equal((await app.inject({ method: 'GET', url: String(response.headers.location) })).statusCode, 200)
})

t.test('an unknown route is a JSON 404 with a stable code', async (t) => {
  const { app } = await build(t)
  const response = await app.inject({ method: 'GET', url: '/nowhere?refreshToken=x' })
  t.equal(response.statusCode, 404)
  t.same(response.json(), { statusCode: 404, code: 'ROUTE_NOT_FOUND', error: 'Not Found', message: 'Route GET /nowhere not found' })
})
