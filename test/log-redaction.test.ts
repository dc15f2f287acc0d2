import { connect } from 'node:net'
import { Writable } from 'node:stream'
import t from 'tap'
import { buildApp, loggerOptions } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { build, TEST_ENV } from './helpers/build.js'
import { bearer, login, logout, refresh, refreshTokenOf, register } from './helpers/flows.js'
import { inspectRedis, privateRedisServer, uniquePrefix } from './helpers/redis.js'

// The app's own logger configuration at its most verbose level (trace), through whole
// flows (sign-up, sign-in, rotation, reuse, password change, refusals, a token in the
// URL, an oversized request, a store outage): none of the secrets that went through
// shows up in any log line, as text, JSON-escaped or as the bytes of a Buffer.

const lines: string[] = []
const capture = new Writable({
  write (chunk: Buffer, _encoding, done) {
    lines.push(chunk.toString())
    done()
  }
})
const logger = { ...loggerOptions('trace'), stream: capture }
const secrets = new Set<string>()
const keep = (...values: Array<string | undefined>): void => { for (const value of values) if (value !== undefined && value !== '') secrets.add(value) }

/** A secret and its parts that must never be logged either (the refresh secret, the JWT signature). */
function keepToken (token: string): void {
  keep(token, token.split('.').at(-1))
}

const PASSWORD = 'first password of the owner'
const NEW_PASSWORD = 'second password of the owner'
const WRONG_PASSWORD = 'a wrong guess at the password'
keep(PASSWORD, NEW_PASSWORD, WRONG_PASSWORD)

t.test('a whole flow at trace level', async (t) => {
  const { app, stores } = await build(t, { store: 'redis', env: { LOG_LEVEL: 'trace', REFRESH_REUSE_GRACE: '0' }, logger })
  t.equal(app.log.level, 'trace')

  const owner = await register(app, { password: PASSWORD, name: 'Owner' })
  keepToken(owner.accessToken); keepToken(owner.refreshToken)
  keep(owner.response.headers['set-cookie']?.toString())
  const other = await register(app, { transport: 'body', password: 'other person password' })
  keep('other person password'); keepToken(other.accessToken); keepToken(other.refreshToken)

  const wrong = await app.inject({ method: 'POST', url: '/auth/login', payload: { email: owner.email, password: WRONG_PASSWORD } })
  t.equal(wrong.statusCode, 401)
  const viaBody = await login(app, owner.email, { password: PASSWORD, transport: 'body' })
  keepToken(viaBody.accessToken); keepToken(viaBody.refreshToken)

  const rotatedCookie = await refresh(app, owner.refreshToken, 'cookie')
  t.equal(rotatedCookie.statusCode, 200)
  keepToken(refreshTokenOf(rotatedCookie)); keepToken(rotatedCookie.json().accessToken)
  const rotatedBody = await refresh(app, viaBody.refreshToken)
  keepToken(refreshTokenOf(rotatedBody)); keepToken(rotatedBody.json().accessToken)
  t.equal((await refresh(app, viaBody.refreshToken)).json().code, 'REFRESH_TOKEN_REUSED')

  const auth = bearer(rotatedCookie.json().accessToken)
  t.equal((await app.inject({ method: 'GET', url: '/auth/sessions', headers: auth })).statusCode, 200)
  t.equal((await app.inject({ method: 'GET', url: '/profile', headers: auth })).statusCode, 200)
  t.equal((await app.inject({ method: 'GET', url: '/auth/verify', headers: auth })).statusCode, 204)
  const forged = `${owner.accessToken.slice(0, -3)}AAA`
  keep(forged)
  t.equal((await app.inject({ method: 'GET', url: '/auth/verify', headers: bearer(forged) })).statusCode, 401)

  const changed = await app.inject({
    method: 'POST',
    url: '/auth/password',
    headers: { ...auth, 'token-transport': 'body' },
    payload: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }
  })
  t.equal(changed.statusCode, 200)
  keepToken(changed.json().refreshToken); keepToken(changed.json().accessToken)

  const inQuery = await app.inject({ method: 'POST', url: `/auth/refresh?refreshToken=${changed.json().refreshToken}`, payload: {} })
  t.equal(inQuery.json().code, 'REFRESH_TOKEN_IN_QUERY')
  t.equal((await app.inject({ method: 'GET', url: `/healthz?refresh_token=${other.refreshToken}` })).statusCode, 400)
  t.equal((await app.inject({ method: 'POST', url: '/auth/refresh', cookies: { refresh_token: 'x'.repeat(89) } })).statusCode, 401)

  t.equal((await logout(app, changed.json().refreshToken)).statusCode, 204)
  t.equal((await logout(app, refreshTokenOf(rotatedCookie), 'cookie')).statusCode, 204)
  t.equal((await app.inject({ method: 'POST', url: '/auth/logout-all', headers: bearer(other.accessToken) })).statusCode, 204)

  for (const userId of [owner.userId, other.userId]) keep((await stores.users.findById(userId))?.passwordHash)

  // An oversized request carrying the cookie and a bearer token, over a real socket.
  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as { port: number }
  const answer = await rawExchange(port, `GET /auth/verify HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${owner.accessToken}\r\n` +
    `Cookie: refresh_token=${other.refreshToken}\r\nX-Padding: ${'p'.repeat(20_000)}\r\n\r\n`)
  t.match(answer, /^HTTP\/1\.1 431/)
})

t.test('a store that refuses writes, then an outage, at trace level', async (t) => {
  const redis = await privateRedisServer(t)
  // The app makes its own Redis client here, as the server does, with its error listener.
  const config = loadConfig({ ...TEST_ENV, LOG_LEVEL: 'trace', REDIS_URL: redis.url, REDIS_KEY_PREFIX: uniquePrefix() })
  const app = await buildApp(config, { logger })
  t.teardown(async () => { await app.close() })
  const owner = await register(app, { transport: 'body', password: 'password during an outage' })
  keep('password during an outage'); keepToken(owner.accessToken); keepToken(owner.refreshToken)

  // Out of memory: Redis answers every write with an error that carries the command and its
  // arguments (a new password hash among them) back to the client.
  await inspectRedis(t, redis.url).config('SET', 'maxmemory', '1')
  const refusedWrites = [
    await app.inject({ method: 'POST', url: '/auth/register', payload: { email: 'oom@example.com', password: 'password during an outage' } }),
    await app.inject({ method: 'POST', url: '/auth/password', headers: bearer(owner.accessToken), payload: { currentPassword: 'password during an outage', newPassword: NEW_PASSWORD } })
  ]
  t.same(refusedWrites.map((r) => r.statusCode), [503, 503])

  await redis.stop()
  const outage = [
    await app.inject({ method: 'POST', url: '/auth/login', payload: { email: owner.email, password: 'password during an outage' } }),
    await refresh(app, owner.refreshToken),
    await refresh(app, owner.refreshToken, 'cookie'),
    await app.inject({ method: 'POST', url: '/auth/register', payload: { email: 'x@example.com', password: 'password during an outage' } }),
    await app.inject({ method: 'POST', url: '/auth/password', headers: bearer(owner.accessToken), payload: { currentPassword: 'password during an outage', newPassword: NEW_PASSWORD } })
  ]
  t.same(outage.map((r) => r.statusCode), [503, 503, 503, 503, 503])
})

t.test('no secret appears in any log line', async (t) => {
  const text = lines.join('')
  t.ok(lines.length > 50, `the flows were logged (${lines.length} lines)`)
  t.ok(lines.some((line) => (JSON.parse(line) as { level: number }).level < 30), 'below-info lines were written')
  t.match(text, /"code":"HEADERS_TOO_LARGE"|refused a malformed request/, 'the oversized request was logged')
  t.match(text, /store unavailable/, 'the outage was logged')
  t.match(text, /OOM command not allowed/, 'the refused writes were logged')
  t.notMatch(text, /\$argon2id\$/, 'no password hash, not even one that was never stored')
  t.ok(secrets.size > 30, `${secrets.size} secrets went through`)
  for (const secret of secrets) {
    const forms = [secret, JSON.stringify(secret).slice(1, -1), [...Buffer.from(secret)].join(',')]
    const leaked = forms.find((form) => text.includes(form))
    t.equal(leaked, undefined, `not logged: ${secret.slice(0, 12)}…`)
  }
})

async function rawExchange (port: number, request: string): Promise<string> {
  return await new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request))
    let data = ''
    socket.setTimeout(5000, () => socket.destroy(new Error('no answer within 5 s')))
    socket.on('data', (chunk) => { data += chunk.toString() })
    socket.on('error', (error) => data === '' ? reject(error) : resolve(data))
    socket.on('close', () => resolve(data))
  })
}
