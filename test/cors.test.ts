import t from 'tap'
import { build } from './helpers/build.js'
import { register } from './helpers/flows.js'

const APP_ORIGIN = 'https://app.example.com'

t.test('an allowed origin gets CORS headers with credentials, and may use the cookie', async (t) => {
  const { app } = await build(t, { env: { ALLOWED_ORIGINS: APP_ORIGIN } })
  const preflight = await app.inject({
    method: 'OPTIONS',
    url: '/auth/refresh',
    headers: { origin: APP_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' }
  })
  t.equal(preflight.statusCode, 204)
  t.equal(preflight.headers['access-control-allow-origin'], APP_ORIGIN)
  t.equal(preflight.headers['access-control-allow-credentials'], 'true')

  const { refreshToken } = await register(app)
  const response = await app.inject({ method: 'POST', url: '/auth/refresh', headers: { origin: APP_ORIGIN }, cookies: { refresh_token: refreshToken } })
  t.equal(response.statusCode, 200)
  t.equal(response.headers['access-control-allow-origin'], APP_ORIGIN)
})

t.test('other origins get no CORS headers, and 403 when they carry the cookie', async (t) => {
  const { app } = await build(t, { env: { ALLOWED_ORIGINS: APP_ORIGIN } })
  const { refreshToken } = await register(app)
  const response = await app.inject({ method: 'POST', url: '/auth/refresh', headers: { origin: 'https://evil.example' }, cookies: { refresh_token: refreshToken } })
  t.equal(response.statusCode, 403)
  t.equal(response.json().code, 'CROSS_SITE_REQUEST')
  t.equal(response.headers['access-control-allow-origin'], undefined)
  t.equal(response.headers['set-cookie'], undefined, 'a 403 leaves the cookie alone')
})

t.test('a cookie-carrying login from a foreign origin is refused too', async (t) => {
  const { app } = await build(t)
  const { email, refreshToken } = await register(app)
  const response = await app.inject({
    method: 'POST', url: '/auth/login', headers: { origin: 'https://evil.example' }, cookies: { refresh_token: refreshToken }, payload: { email, password: 'whatever it is' }
  })
  t.equal(response.statusCode, 403)
  t.equal(response.json().code, 'CROSS_SITE_REQUEST')
})

t.test('without ALLOWED_ORIGINS no CORS headers are sent at all', async (t) => {
  const { app } = await build(t)
  const response = await app.inject({ method: 'GET', url: '/healthz', headers: { origin: APP_ORIGIN } })
  t.equal(response.headers['access-control-allow-origin'], undefined)
})

t.test('a proxy\'s Host with the default port is still our own origin; a repeated Sec-Fetch-Site is read whole', async (t) => {
  const { app } = await build(t)
  const { refreshToken } = await register(app)
  const own = await app.inject({ method: 'POST', url: '/auth/refresh', headers: { host: 'auth.example.com:443', origin: 'https://auth.example.com' }, cookies: { refresh_token: refreshToken } })
  t.equal(own.statusCode, 200)
  const repeated = await app.inject({ method: 'POST', url: '/auth/logout', headers: { 'sec-fetch-site': 'same-origin, cross-site' }, cookies: { refresh_token: refreshToken } })
  t.equal(repeated.statusCode, 403)
})
