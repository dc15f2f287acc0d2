import t from 'tap'
import { build } from './helpers/build.js'
import { bearer, register } from './helpers/flows.js'

function decodePart (token: string, index: 0 | 1): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[index]!, 'base64url').toString('utf8')) as Record<string, unknown>
}

t.test('an access token is an at+jwt with exactly the claims of API.md', async (t) => {
  const { app } = await build(t)
  const { accessToken, refreshToken, userId } = await register(app, { transport: 'body' })
  t.same(decodePart(accessToken, 0), { alg: 'HS256', typ: 'at+jwt' })
  const claims = decodePart(accessToken, 1)
  t.same(Object.keys(claims).sort(), ['aud', 'exp', 'iat', 'iss', 'jti', 'role', 'sid', 'sub'])
  t.match(claims, { iss: 'authgate', aud: 'authgate', sub: userId, sid: refreshToken.split('.')[1], role: 'user' })
  t.equal((claims.exp as number) - (claims.iat as number), 900)
  t.notOk(JSON.stringify(claims).includes(refreshToken.split('.')[2]!), 'no refresh secret inside')
})

t.test('JWT_ISSUER, JWT_AUDIENCE and ACCESS_TOKEN_TTL shape the token', async (t) => {
  const { app } = await build(t, { env: { JWT_ISSUER: 'https://auth.example.com', JWT_AUDIENCE: 'api', ACCESS_TOKEN_TTL: '5m' } })
  const { accessToken, response } = await register(app)
  t.equal(response.json().expiresIn, 300)
  t.match(decodePart(accessToken, 1), { iss: 'https://auth.example.com', aud: 'api' })
  t.equal((await app.inject({ method: 'GET', url: '/auth/verify', headers: bearer(accessToken) })).statusCode, 204)
})

t.test('tokens of another issuer or audience are refused', async (t) => {
  const { app: issuerA } = await build(t, { env: { JWT_ISSUER: 'a' } })
  const { app: issuerB } = await build(t, { env: { JWT_ISSUER: 'b' } })
  const { accessToken } = await register(issuerA)
  const response = await issuerB.inject({ method: 'GET', url: '/auth/verify', headers: bearer(accessToken) })
  t.equal(response.statusCode, 401)
  t.equal(response.headers['www-authenticate'], 'Bearer error="invalid_token"')
})

t.test('GET /auth/verify: 204 with the identity headers, touching no store', async (t) => {
  const { app, stores } = await build(t)
  const { accessToken, refreshToken, userId } = await register(app, { transport: 'body' })
  const sessions = stores.sessions
  const calls: string[] = []
  for (const name of Object.keys(sessions) as Array<keyof typeof sessions>) {
    const original = sessions[name] as (...args: unknown[]) => unknown
    ;(sessions as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => { calls.push(name); return original(...args) }
  }
  const response = await app.inject({ method: 'GET', url: '/auth/verify', headers: bearer(accessToken) })
  t.equal(response.statusCode, 204)
  t.equal(response.body, '')
  t.equal(response.headers['x-auth-user'], userId)
  t.equal(response.headers['x-auth-role'], 'user')
  t.equal(response.headers['x-auth-session'], refreshToken.split('.')[1])
  t.same(calls, [], 'no session store call')
})

t.test('GET /profile: the user object', async (t) => {
  const { app } = await build(t)
  const { accessToken, response: registered } = await register(app, { name: 'Grace' })
  const response = await app.inject({ method: 'GET', url: '/profile', headers: bearer(accessToken) })
  t.equal(response.statusCode, 200)
  t.same(response.json(), registered.json().user)
})

t.test('a missing token is 401 with WWW-Authenticate: Bearer; a bad one adds error="invalid_token"', async (t) => {
  const { app } = await build(t)
  for (const url of ['/profile', '/auth/verify']) {
    const missing = await app.inject({ method: 'GET', url })
    t.equal(missing.statusCode, 401)
    t.equal(missing.headers['www-authenticate'], 'Bearer')
    t.equal(missing.json().code, 'ACCESS_TOKEN_MISSING')
    const bad = await app.inject({ method: 'GET', url, headers: bearer('not.a.token') })
    t.equal(bad.statusCode, 401)
    t.equal(bad.headers['www-authenticate'], 'Bearer error="invalid_token"')
    t.equal(bad.json().code, 'ACCESS_TOKEN_INVALID')
  }
})

t.test('an expired access token is 401 ACCESS_TOKEN_EXPIRED with invalid_token', async (t) => {
  const { app } = await build(t, { env: { ACCESS_TOKEN_TTL: '1s' } })
  const { accessToken } = await register(app)
  await new Promise((resolve) => setTimeout(resolve, 2100))
  const response = await app.inject({ method: 'GET', url: '/auth/verify', headers: bearer(accessToken) })
  t.equal(response.statusCode, 401)
  t.equal(response.json().code, 'ACCESS_TOKEN_EXPIRED')
  t.equal(response.headers['www-authenticate'], 'Bearer error="invalid_token"')
})
