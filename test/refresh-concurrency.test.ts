import t from 'tap'
import { build, STORE_KINDS } from './helpers/build.js'
import { refresh, refreshTokenOf, register } from './helpers/flows.js'

// Rule 7: many concurrent refreshes of one token leave at most one live successor.
for (const store of STORE_KINDS) {
  t.test(`${store}: 50 concurrent refreshes of one token leave exactly one live successor`, async (t) => {
    const { app } = await build(t, { store })
    const { refreshToken: r0 } = await register(app, { transport: 'body' })
    const responses = await Promise.all(Array.from({ length: 50 }, async () => await refresh(app, r0)))
    t.equal(responses.filter((r) => r.statusCode >= 500).length, 0, 'no 5xx')
    const successors = new Set(responses.filter((r) => r.statusCode === 200).map(refreshTokenOf))
    t.equal(successors.size, 1, 'every 200 carries the same successor')
    const [successor] = successors
    t.equal((await refresh(app, successor!)).statusCode, 200, 'the successor is live')
  })

  t.test(`${store}: concurrent refreshes with grace off: one wins, the family is revoked, no 5xx`, async (t) => {
    const { app } = await build(t, { store, env: { REFRESH_REUSE_GRACE: '0' } })
    const { refreshToken: r0 } = await register(app, { transport: 'body' })
    const responses = await Promise.all(Array.from({ length: 50 }, async () => await refresh(app, r0)))
    t.equal(responses.filter((r) => r.statusCode >= 500).length, 0, 'no 5xx')
    const winners = responses.filter((r) => r.statusCode === 200)
    t.equal(winners.length, 1, 'exactly one rotation')
    t.ok(responses.some((r) => r.json().code === 'REFRESH_TOKEN_REUSED'), 'the others are reuse')
    t.equal((await refresh(app, refreshTokenOf(winners[0]!))).statusCode, 401, 'and no live successor remains')
  })
}
