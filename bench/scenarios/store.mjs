// Scenarios 2 and 3, the routes that make one Redis round trip, beside /readyz (one PING):
// GET /profile (a token and one store read) and POST /auth/refresh rotation chains, where
// every connection carries its own session and presents the token it was last given,
// once with the cookie transport and once with the body transport.
import { measureRounds, pairedRatio } from '../measure.mjs'
import { refreshSessions } from '../seed.mjs'
import { baselineRow, scenarioRow } from './rows.mjs'

const REFRESH_TARGET = 0.6
const REFRESH_P99_MS = 10

export async function storeGroup (ctx) {
  const { options, url, workers: [worker] } = ctx
  const connections = options.connections
  ctx.log(`store: ${connections} connections; a session per connection for each refresh transport`)
  const profileSessions = await refreshSessions(url, await ctx.openSessions(connections))
  const chains = {
    cookie: (await ctx.openSessions(connections)).map((s) => s.refreshToken),
    body: (await ctx.openSessions(connections)).map((s) => s.refreshToken)
  }
  const perConnection = profileSessions.map((s) => ({ headers: { authorization: `Bearer ${s.accessToken}` } }))
  const get = (path) => (durationSec) => worker.run('load', { url, path, connections, durationSec, perConnection })
  const refresh = (transport) => async (durationSec) => {
    const result = await worker.run('load', { url, connections, durationSec, chains: { transport, tokens: chains[transport] } })
    // Chains go on from where they stopped (a lost answer is retried within grace first).
    if (result.chains.tokens.length < connections) throw new Error(`${transport} chains: ${result.chains.refused} could not be settled`)
    chains[transport] = result.chains.tokens
    return result
  }
  const names = { readyz: 'GET /readyz', profile: 'GET /profile', cookie: 'POST /auth/refresh (cookie)', body: 'POST /auth/refresh (body)' }
  const runs = await measureRounds([
    { name: names.readyz, run: get('/readyz') },
    { name: names.profile, run: get('/profile') },
    { name: names.cookie, run: refresh('cookie') },
    { name: names.body, run: refresh('body') }
  ], ctx)
  const refreshRow = (id, name) => {
    const ratio = pairedRatio(runs[name], runs[names.readyz])
    return scenarioRow(id, name, runs[name], {
      baseline: 'readyz',
      ratio,
      target: `≥ ${REFRESH_TARGET} × readyz req/s, p99 < ${REFRESH_P99_MS} ms at ${connections} conn.`,
      checks: (row) => [
        [ratio !== null && ratio >= REFRESH_TARGET, `req/s ratio ${ratio} < ${REFRESH_TARGET}`],
        [row.p99Ms !== null && row.p99Ms < REFRESH_P99_MS, `p99 ${row.p99Ms} ms ≥ ${REFRESH_P99_MS} ms`]
      ]
    })
  }
  return [
    baselineRow('readyz', 'GET /readyz (one Redis round trip)', runs[names.readyz]),
    scenarioRow('profile', names.profile, runs[names.profile], {
      baseline: 'readyz', ratio: pairedRatio(runs[names.profile], runs[names.readyz])
    }),
    refreshRow('refresh-cookie', names.cookie),
    refreshRow('refresh-body', names.body)
  ]
}
