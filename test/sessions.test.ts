import t from 'tap'
import { build, STORE_KINDS } from './helpers/build.js'
import { bearer, login, PASSWORD, refresh, refreshTokenOf, register } from './helpers/flows.js'
import { dumpKeys, inspectRedis } from './helpers/redis.js'

const ISO_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/

for (const store of STORE_KINDS) {
  t.test(`${store}: GET /auth/sessions lists live sessions and marks the caller's`, async (t) => {
    const { app } = await build(t, { store })
    const first = await register(app, { transport: 'body' })
    const second = await app.inject({ method: 'POST', url: '/auth/login', headers: { 'user-agent': 'PhoneApp/2.1', 'token-transport': 'body' }, remoteAddress: '192.0.2.7', payload: { email: first.email, password: PASSWORD } })
    const secondToken = second.json().accessToken as string
    const response = await app.inject({ method: 'GET', url: '/auth/sessions', headers: bearer(secondToken) })
    t.equal(response.statusCode, 200)
    const { sessions } = response.json() as { sessions: Array<Record<string, unknown>> }
    t.equal(sessions.length, 2)
    const mine = sessions.find((s) => s.current === true)
    t.match(mine, { id: second.json().refreshToken.split('.')[1], userAgent: 'PhoneApp/2.1', ip: '192.0.2.7', createdAt: ISO_DATE, lastUsedAt: ISO_DATE, expiresAt: ISO_DATE })
    t.equal(sessions.filter((s) => s.current === false).length, 1)
    t.equal(sessions.find((s) => s.current === false)?.id, first.refreshToken.split('.')[1])
  })

  t.test(`${store}: a rotation moves lastUsedAt and expiresAt, not createdAt`, async (t) => {
    const { app } = await build(t, { store })
    const { refreshToken, accessToken } = await register(app, { transport: 'body' })
    const before = (await app.inject({ method: 'GET', url: '/auth/sessions', headers: bearer(accessToken) })).json().sessions[0]
    await new Promise((resolve) => setTimeout(resolve, 20))
    await refresh(app, refreshToken)
    const after = (await app.inject({ method: 'GET', url: '/auth/sessions', headers: bearer(accessToken) })).json().sessions[0]
    t.equal(after.createdAt, before.createdAt)
    t.ok(after.lastUsedAt > before.lastUsedAt)
    t.ok(after.expiresAt > before.expiresAt)
  })

  t.test(`${store}: DELETE /auth/sessions/:id ends one of the user's sessions, 404 otherwise`, async (t) => {
    const { app } = await build(t, { store })
    const alice = await register(app, { transport: 'body' })
    const alicePhone = await login(app, alice.email, { transport: 'body' })
    const bob = await register(app, { transport: 'body' })
    const phoneSession = alicePhone.refreshToken.split('.')[1]!
    const bobSession = bob.refreshToken.split('.')[1]!

    const others = await app.inject({ method: 'DELETE', url: `/auth/sessions/${bobSession}`, headers: bearer(alice.accessToken) })
    t.equal(others.statusCode, 404)
    t.equal(others.json().code, 'SESSION_NOT_FOUND')
    t.equal((await refresh(app, bob.refreshToken)).statusCode, 200, "bob's session is untouched")
    const madeUp = await app.inject({ method: 'DELETE', url: '/auth/sessions/made-up-id', headers: bearer(alice.accessToken) })
    t.equal(madeUp.statusCode, 404)

    const ended = await app.inject({ method: 'DELETE', url: `/auth/sessions/${phoneSession}`, headers: bearer(alice.accessToken) })
    t.equal(ended.statusCode, 204)
    t.equal((await refresh(app, alicePhone.refreshToken)).json().code, 'REFRESH_TOKEN_INVALID')
    t.equal((await app.inject({ method: 'DELETE', url: `/auth/sessions/${phoneSession}`, headers: bearer(alice.accessToken) })).statusCode, 404, 'gone')
    t.equal((await refresh(app, alice.refreshToken)).statusCode, 200, 'the other session lives')
  })

  t.test(`${store}: POST /auth/logout-all ends every session of the user and no other`, async (t) => {
    const { app } = await build(t, { store })
    const alice = await register(app, { transport: 'body' })
    const aliceAgain = await login(app, alice.email, { transport: 'body' })
    const bob = await register(app, { transport: 'body' })
    const response = await app.inject({ method: 'POST', url: '/auth/logout-all', headers: bearer(alice.accessToken) })
    t.equal(response.statusCode, 204)
    for (const token of [alice.refreshToken, aliceAgain.refreshToken]) t.equal((await refresh(app, token)).json().code, 'REFRESH_TOKEN_INVALID')
    t.equal((await refresh(app, bob.refreshToken)).statusCode, 200)
    t.equal((await app.inject({ method: 'POST', url: '/auth/logout-all' })).statusCode, 401, 'needs an access token')
  })

  t.test(`${store}: POST /auth/password ends every session and signs this client in again`, async (t) => {
    const { app } = await build(t, { store })
    const alice = await register(app, { transport: 'body' })
    const other = await login(app, alice.email, { transport: 'body' })
    const response = await app.inject({
      method: 'POST',
      url: '/auth/password',
      headers: { ...bearer(alice.accessToken), 'token-transport': 'body' },
      payload: { currentPassword: PASSWORD, newPassword: 'a brand new password' }
    })
    t.equal(response.statusCode, 200)
    t.equal(response.headers['cache-control'], 'no-store')
    t.match(response.json(), { tokenType: 'Bearer', user: { id: alice.userId, email: alice.email } })
    for (const token of [alice.refreshToken, other.refreshToken]) t.equal((await refresh(app, token)).json().code, 'REFRESH_TOKEN_INVALID')
    const fresh = await refresh(app, refreshTokenOf(response))
    t.equal(fresh.statusCode, 200, 'the new pair works')
    const oldPassword = await app.inject({ method: 'POST', url: '/auth/login', payload: { email: alice.email, password: PASSWORD } })
    t.equal(oldPassword.json().code, 'INVALID_CREDENTIALS', 'the old password no longer signs in')
    t.equal((await login(app, alice.email, { password: 'a brand new password' })).response.statusCode, 200)
  })

  t.test(`${store}: a wrong current password is 401 INVALID_CREDENTIALS and changes nothing`, async (t) => {
    const { app } = await build(t, { store })
    const alice = await register(app, { transport: 'body' })
    const response = await app.inject({
      method: 'POST', url: '/auth/password', headers: bearer(alice.accessToken), payload: { currentPassword: 'not it at all', newPassword: 'a brand new password' }
    })
    t.equal(response.statusCode, 401)
    t.equal(response.json().code, 'INVALID_CREDENTIALS')
    t.equal((await refresh(app, alice.refreshToken)).statusCode, 200, 'sessions untouched')
    t.equal((await login(app, alice.email)).response.statusCode, 200, 'password untouched')
  })

  t.test(`${store}: the password change answers with a cookie by default`, async (t) => {
    const { app } = await build(t, { store })
    const alice = await register(app)
    const response = await app.inject({
      method: 'POST', url: '/auth/password', headers: bearer(alice.accessToken), payload: { currentPassword: PASSWORD, newPassword: 'a brand new password' }
    })
    t.notOk('refreshToken' in response.json())
    t.match(String(response.headers['set-cookie']), /^refresh_token=[\w-]+\.[\w-]+\.[\w-]+; HttpOnly; Secure; SameSite=Strict; Path=\/auth; Max-Age=604800$/)
  })

  t.test(`${store}: the sessions list of a user with expired sessions shows only live ones`, async (t) => {
    const { app } = await build(t, { store, env: { REFRESH_TOKEN_TTL: '1s' } })
    const alice = await register(app, { transport: 'body' })
    await new Promise((resolve) => setTimeout(resolve, 700))
    const late = await login(app, alice.email, { transport: 'body' })
    await new Promise((resolve) => setTimeout(resolve, 500))
    const { sessions } = (await app.inject({ method: 'GET', url: '/auth/sessions', headers: bearer(late.accessToken) })).json()
    t.same(sessions.map((s: { id: string }) => s.id), [late.refreshToken.split('.')[1]])
  })
}

t.test('once every session has ended, no per-user session key remains in Redis', async (t) => {
  const { app, keyPrefix } = await build(t, { store: 'redis', env: { REFRESH_TOKEN_TTL: '1s' } })
  const redis = inspectRedis(t)
  const alice = await register(app, { transport: 'body' })
  const other = await login(app, alice.email, { transport: 'body' })
  const sessionKeys = async (): Promise<string[]> =>
    (await dumpKeys(redis, `${keyPrefix}{${alice.userId}}`)).map((k) => k.key).filter((key) => !key.endsWith(':user'))
  t.equal((await sessionKeys()).length, 3, 'two sessions and their index')
  await app.inject({ method: 'DELETE', url: `/auth/sessions/${other.refreshToken.split('.')[1]}`, headers: bearer(alice.accessToken) })
  t.equal((await sessionKeys()).length, 2, 'one session and the index')
  await new Promise((resolve) => setTimeout(resolve, 1200))
  t.same(await sessionKeys(), [], 'the last session expired and took the index with it')
})
