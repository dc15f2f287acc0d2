import t from 'tap'
import { build, STORE_KINDS } from './helpers/build.js'
import { bearer, login, logout, refresh, refreshTokenOf, register } from './helpers/flows.js'

// API.md, "Rotation and reuse": rules 1-4 and 6, on every store and both transports.

for (const store of STORE_KINDS) {
  for (const transport of ['body', 'cookie'] as const) {
    t.test(`${store}/${transport}: rule 1, the current token rotates into a new pair`, async (t) => {
      const { app } = await build(t, { store })
      const { refreshToken: r0 } = await register(app, { transport })
      const response = await refresh(app, r0, transport)
      t.equal(response.statusCode, 200)
      t.equal(response.headers['cache-control'], 'no-store')
      const body = response.json()
      t.match(body, { tokenType: 'Bearer', expiresIn: 900, refreshExpiresIn: 604800 })
      t.notOk('user' in body, 'a rotation carries no user')
      const r1 = refreshTokenOf(response)
      t.not(r1, r0)
      if (transport === 'body') {
        t.equal(response.headers['set-cookie'], undefined, 'answers the way the token came in')
      } else {
        t.notOk('refreshToken' in body, 'the cookie token never appears in the body')
        t.match(String(response.headers['set-cookie']), /HttpOnly; Secure; SameSite=Strict/)
      }
      const profile = await app.inject({ method: 'GET', url: '/profile', headers: bearer(body.accessToken) })
      t.equal(profile.statusCode, 200, 'the new access token works')
      t.equal((await refresh(app, r1, transport)).statusCode, 200, 'the successor rotates in turn')
    })

    t.test(`${store}/${transport}: rule 2, a retry within grace returns the same successor`, async (t) => {
      const { app } = await build(t, { store })
      const { refreshToken: r0 } = await register(app, { transport })
      const first = await refresh(app, r0, transport)
      const retry = await refresh(app, r0, transport)
      t.equal(retry.statusCode, 200)
      t.equal(refreshTokenOf(retry), refreshTokenOf(first), 'the identical successor')
      t.equal((await refresh(app, refreshTokenOf(retry), transport)).statusCode, 200, 'and it still works')
    })

    t.test(`${store}/${transport}: rule 3, reuse revokes the whole session`, async (t) => {
      const { app } = await build(t, { store, env: { REFRESH_REUSE_GRACE: '0' } })
      const { refreshToken: r0 } = await register(app, { transport })
      const r1 = refreshTokenOf(await refresh(app, r0, transport))
      const reused = await refresh(app, r0, transport)
      t.equal(reused.statusCode, 401)
      t.equal(reused.json().code, 'REFRESH_TOKEN_REUSED')
      if (transport === 'cookie') t.match(String(reused.headers['set-cookie']), /^refresh_token=;.*Max-Age=0/, 'a refused cookie is cleared')
      const current = await refresh(app, r1, transport)
      t.equal(current.statusCode, 401, 'the current token of the family fails too')
      t.equal(current.json().code, 'REFRESH_TOKEN_INVALID')
    })
  }

  t.test(`${store}: rule 2 ends once the successor is used; a token two rotations old is reuse`, async (t) => {
    const { app } = await build(t, { store })
    const { refreshToken: r0 } = await register(app, { transport: 'body' })
    const r1 = refreshTokenOf(await refresh(app, r0))
    const r2 = refreshTokenOf(await refresh(app, r1))
    const reused = await refresh(app, r0)
    t.equal(reused.json().code, 'REFRESH_TOKEN_REUSED', 'within grace, but its successor was used')
    t.equal((await refresh(app, r2)).json().code, 'REFRESH_TOKEN_INVALID', 'the session is gone')
  })

  t.test(`${store}: rule 3, a replay outside the grace window is reuse`, async (t) => {
    const { app } = await build(t, { store, env: { REFRESH_REUSE_GRACE: '1s' } })
    const { refreshToken: r0 } = await register(app, { transport: 'body' })
    const r1 = refreshTokenOf(await refresh(app, r0))
    await new Promise((resolve) => setTimeout(resolve, 1100))
    t.equal((await refresh(app, r0)).json().code, 'REFRESH_TOKEN_REUSED')
    t.equal((await refresh(app, r1)).json().code, 'REFRESH_TOKEN_INVALID')
  })

  t.test(`${store}: rule 3, a secret that was never current revokes the session it names`, async (t) => {
    const { app } = await build(t, { store })
    const { refreshToken: r0 } = await register(app, { transport: 'body' })
    const [userId, sessionId] = r0.split('.')
    const forged = `${userId}.${sessionId}.${'A'.repeat(43)}`
    t.equal((await refresh(app, forged)).json().code, 'REFRESH_TOKEN_REUSED')
    t.equal((await refresh(app, r0)).json().code, 'REFRESH_TOKEN_INVALID')
  })

  t.test(`${store}: rule 4, unknown, malformed and missing tokens touch no session`, async (t) => {
    const { app } = await build(t, { store })
    const { refreshToken: r0, userId } = await register(app, { transport: 'body' })
    const unknownSession = `${userId}.${'B'.repeat(22)}.${'C'.repeat(43)}`
    const unknownUser = `${'D'.repeat(22)}.${'B'.repeat(22)}.${'C'.repeat(43)}`
    for (const token of [unknownSession, unknownUser, 'garbage', `${r0}x`, r0.slice(0, -1), 'a.b.c']) {
      const response = await refresh(app, token)
      t.equal(response.statusCode, 401)
      t.equal(response.json().code, 'REFRESH_TOKEN_INVALID', `refused: ${token.slice(0, 30)}`)
    }
    const missing = await app.inject({ method: 'POST', url: '/auth/refresh' })
    t.equal(missing.statusCode, 401)
    t.equal(missing.json().code, 'REFRESH_TOKEN_MISSING')
    const emptyJson = await app.inject({ method: 'POST', url: '/auth/refresh', headers: { 'content-type': 'application/json' }, payload: '' })
    t.equal(emptyJson.json().code, 'REFRESH_TOKEN_MISSING')
    t.equal((await refresh(app, r0)).statusCode, 200, 'the real session was untouched')
  })

  t.test(`${store}: an access token sent as a refresh token is REFRESH_TOKEN_INVALID`, async (t) => {
    const { app } = await build(t, { store })
    const { accessToken, refreshToken } = await register(app, { transport: 'body' })
    t.equal((await refresh(app, accessToken)).json().code, 'REFRESH_TOKEN_INVALID')
    t.equal((await refresh(app, refreshToken)).statusCode, 200)
  })

  t.test(`${store}: rule 6, logout revokes at once, clears the cookie, and is idempotent`, async (t) => {
    const { app } = await build(t, { store })
    const { email, refreshToken: cookieToken } = await register(app)
    const { refreshToken: bodyToken } = await login(app, email, { transport: 'body' })
    const out = await logout(app, cookieToken, 'cookie')
    t.equal(out.statusCode, 204)
    t.match(String(out.headers['set-cookie']), /^refresh_token=; HttpOnly; Secure; SameSite=Strict; Path=\/auth; Max-Age=0$/)
    t.equal((await refresh(app, cookieToken, 'cookie')).json().code, 'REFRESH_TOKEN_INVALID')
    t.equal((await logout(app, cookieToken, 'cookie')).statusCode, 204, 'again: still 204')
    t.equal((await refresh(app, bodyToken)).statusCode, 200, 'other sessions live on')
    const bodyOut = await logout(app, bodyToken)
    t.equal(bodyOut.statusCode, 204)
    t.equal(bodyOut.headers['set-cookie'], undefined, 'no cookie to clear on the body transport')
    t.equal((await app.inject({ method: 'POST', url: '/auth/logout' })).statusCode, 204, 'with no token at all')
  })

  t.test(`${store}: rule 6, access tokens stay valid until they expire`, async (t) => {
    const { app } = await build(t, { store })
    const { accessToken, refreshToken } = await register(app, { transport: 'body' })
    await logout(app, refreshToken)
    t.equal((await app.inject({ method: 'GET', url: '/auth/verify', headers: bearer(accessToken) })).statusCode, 204)
  })
}

t.test('a refresh token in the query string is refused and not used', async (t) => {
  const { app } = await build(t)
  const { refreshToken } = await register(app, { transport: 'body' })
  for (const name of ['refreshToken', 'refresh_token']) {
    const response = await app.inject({ method: 'POST', url: `/auth/refresh?${name}=${refreshToken}` })
    t.equal(response.statusCode, 400)
    t.equal(response.json().code, 'REFRESH_TOKEN_IN_QUERY')
  }
  t.equal((await refresh(app, refreshToken)).statusCode, 200, 'the token was not rotated by the refused request')
})
