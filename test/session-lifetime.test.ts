import t from 'tap'
import { build, STORE_KINDS } from './helpers/build.js'
import { refresh, refreshTokenOf, register } from './helpers/flows.js'

const sleep = async (ms: number): Promise<void> => await new Promise((resolve) => setTimeout(resolve, ms))

// Rule 5 over HTTP, with short lifetimes and real time (Redis expires keys by its clock).
for (const store of STORE_KINDS) {
  t.test(`${store}: an idle session expires; each rotation restarts the idle clock`, async (t) => {
    const { app } = await build(t, { store, env: { REFRESH_TOKEN_TTL: '1s' } })
    const { refreshToken: r0 } = await register(app, { transport: 'body' })
    await sleep(600)
    const rotated = await refresh(app, r0)
    t.equal(rotated.statusCode, 200)
    t.equal(rotated.json().refreshExpiresIn, 1)
    await sleep(600) // 1.2 s after login, 0.6 s after the rotation
    const r2 = refreshTokenOf(await refresh(app, refreshTokenOf(rotated)))
    await sleep(1200)
    const expired = await refresh(app, r2)
    t.equal(expired.statusCode, 401)
    t.equal(expired.json().code, 'REFRESH_TOKEN_INVALID')
  })

  t.test(`${store}: no rotation extends a session past SESSION_MAX_TTL`, async (t) => {
    const { app } = await build(t, { store, env: { REFRESH_TOKEN_TTL: '1s', SESSION_MAX_TTL: '2s' } })
    let token = (await register(app, { transport: 'body' })).refreshToken
    const expiresIn: number[] = []
    for (let i = 0; i < 3; i++) {
      await sleep(600)
      const response = await refresh(app, token)
      t.equal(response.statusCode, 200, `rotation ${i + 1} within the absolute lifetime`)
      expiresIn.push(response.json().refreshExpiresIn)
      token = refreshTokenOf(response)
    }
    t.ok(expiresIn[2]! < 1, `the last rotation got less than the idle lifetime (${expiresIn.join(', ')})`)
    await sleep(500) // 2.3 s after login: past the absolute lifetime, though used 0.5 s ago
    t.equal((await refresh(app, token)).json().code, 'REFRESH_TOKEN_INVALID')
  })
}
