import { createHash } from 'node:crypto'
import t from 'tap'
import { build } from './helpers/build.js'
import { bearer, login, logout, PASSWORD, refresh, refreshTokenOf, register } from './helpers/flows.js'
import { dumpKeys, inspectRedis } from './helpers/redis.js'

// DESIGN.md's data-model invariants, checked on what a real flow leaves in Redis.

t.test('Redis never holds a raw refresh token, a password or an access token', async (t) => {
  const { app, keyPrefix } = await build(t, { store: 'redis' })
  const redis = inspectRedis(t)
  const secrets: string[] = []
  const { email, refreshToken: r0, accessToken } = await register(app, { transport: 'body', password: 'a very secret password' })
  secrets.push(r0, accessToken, 'a very secret password')
  const r1 = refreshTokenOf(await refresh(app, r0))
  const r1again = refreshTokenOf(await refresh(app, r0))
  const second = await login(app, email, { password: 'a very secret password' })
  secrets.push(r1, r1again, second.refreshToken, second.accessToken)
  const keys = await dumpKeys(redis, keyPrefix)
  t.ok(keys.length >= 4, 'the flow wrote keys')
  const everything = keys.map((k) => `${k.key} ${k.content}`).join('\n')
  for (const secret of secrets) {
    t.notOk(everything.includes(secret), 'a secret is not stored')
    const secretPart = secret.split('.').at(-1)!
    t.notOk(everything.includes(secretPart), 'no part of it that could be replayed either')
  }
})

t.test('every session key has a TTL no longer than the session\'s remaining life; only users live forever', async (t) => {
  const { app, keyPrefix } = await build(t, { store: 'redis', env: { REFRESH_TOKEN_TTL: '1h', SESSION_MAX_TTL: '2h' } })
  const redis = inspectRedis(t)
  const { email, refreshToken } = await register(app, { transport: 'body' })
  await refresh(app, refreshToken)
  await login(app, email)
  for (const { key, ttlMs } of await dumpKeys(redis, keyPrefix)) {
    if (key.endsWith(':user') || key.includes(':email:')) {
      t.equal(ttlMs, -1, `${key} has no TTL`)
    } else {
      t.ok(ttlMs > 0 && ttlMs <= 3_600_000, `${key} expires within the idle lifetime (${ttlMs} ms)`)
    }
  }
})

t.test('the absolute lifetime caps the TTL of a rotated session', async (t) => {
  const { app, keyPrefix } = await build(t, { store: 'redis', env: { REFRESH_TOKEN_TTL: '1h', SESSION_MAX_TTL: '10s' } })
  const redis = inspectRedis(t)
  const { refreshToken } = await register(app, { transport: 'body' })
  const rotated = await refresh(app, refreshToken)
  t.ok(rotated.json().refreshExpiresIn <= 10, 'refreshExpiresIn is capped')
  for (const { key, ttlMs } of await dumpKeys(redis, keyPrefix)) {
    if (!key.endsWith(':user') && !key.includes(':email:')) t.ok(ttlMs > 0 && ttlMs <= 10_000, `${key} expires within the absolute lifetime`)
  }
})

t.test('logout leaves no record of the session behind', async (t) => {
  const { app, keyPrefix } = await build(t, { store: 'redis' })
  const redis = inspectRedis(t)
  const { refreshToken, accessToken } = await register(app, { transport: 'body' })
  await logout(app, refreshToken)
  const left = (await dumpKeys(redis, keyPrefix)).map((k) => k.key)
  t.same(left.filter((key) => !key.endsWith(':user') && !key.includes(':email:')), [], 'only the account remains')
  t.equal((await app.inject({ method: 'GET', url: '/auth/sessions', headers: bearer(accessToken) })).json().sessions.length, 0)
})

t.test('a browser\'s user agent rests deflated in one field, and the session hash stays a listpack', async (t) => {
  const { app, keyPrefix } = await build(t, { store: 'redis' })
  const redis = inspectRedis(t)
  const { email } = await register(app)
  const userAgent = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'
  const signedIn = await app.inject({ method: 'POST', url: '/auth/login', headers: { 'user-agent': userAgent, 'token-transport': 'body' }, payload: { email, password: PASSWORD } })
  const { accessToken, refreshToken, user } = signedIn.json() as { accessToken: string, refreshToken: string, user: { id: string } }
  const [userId, sessionId] = refreshToken.split('.')
  t.equal(userId, user.id)
  const key = `${keyPrefix}{${userId}}:s:${sessionId}`
  const fields = await redis.hgetallBuffer(key)
  t.ok(fields.z1 !== undefined && fields.z1.length < 64, `one field under 64 bytes (${fields.z1?.length} B)`)
  t.notOk('z2' in fields, 'no second piece')
  t.notOk(Object.values(fields).some((value) => value.includes('Mozilla')), 'not the agent as text')
  t.equal(await redis.object('ENCODING', key), 'listpack')
  const listed = await app.inject({ method: 'GET', url: '/auth/sessions', headers: bearer(accessToken) })
  t.equal(listed.json().sessions.find((s: { id: string }) => s.id === sessionId)?.userAgent, userAgent)
})

t.test('a stored user agent that does not decode costs the session list that detail, not a 500', async (t) => {
  const { app, keyPrefix } = await build(t, { store: 'redis' })
  const redis = inspectRedis(t)
  const { userId, accessToken, refreshToken } = await register(app, { transport: 'body' })
  const sessionId = refreshToken.split('.')[1]!
  await redis.hset(`${keyPrefix}{${userId}}:s:${sessionId}`, 'z1', Buffer.from([0xff, 0xfe, 0x00, 0x13]))
  const listed = await app.inject({ method: 'GET', url: '/auth/sessions', headers: bearer(accessToken) })
  t.equal(listed.statusCode, 200)
  const [session] = listed.json().sessions
  t.equal(session.id, sessionId, 'the session is listed')
  t.notOk('userAgent' in session, 'without a user agent')
  t.match(session, { ip: String, createdAt: String, lastUsedAt: String, expiresAt: String }, 'with everything else')
})

t.test('a rotated session holds the current digest and the rotation time only, not the previous token\'s digest', async (t) => {
  const { app, keyPrefix } = await build(t, { store: 'redis' })
  const redis = inspectRedis(t)
  const { userId, refreshToken } = await register(app, { transport: 'body' })
  const sessionId = refreshToken.split('.')[1]!
  const rotated = refreshTokenOf(await refresh(app, refreshToken))
  const fields = await redis.hgetallBuffer(`${keyPrefix}{${userId}}:s:${sessionId}`)
  const digestOf = (token: string): Buffer => createHash('sha256').update(token.split('.')[2]!).digest()
  t.same(Object.keys(fields).sort(), ['c', 'h', 'ip', 'r', 'x', 'z1'], 'digest, created, absolute expiry, address, rotated at, user agent')
  t.same(fields.h, digestOf(rotated), 'h is the digest of the current token')
  t.notOk(Object.values(fields).some((value) => value.equals(digestOf(refreshToken))), 'nothing of the previous token')
  t.equal(refreshTokenOf(await refresh(app, refreshToken)), rotated, 'yet a retry within grace still gets the same successor')
})
