// Scenario 1: GET /auth/verify with a valid token vs. /healthz of the same server, a route
// that does nothing. Both requests carry the same Authorization header, so they differ
// only in what the server does with it: verify the JWT and set three headers.
import { measureRounds, pairedRatio } from '../measure.mjs'
import { refreshSessions } from '../seed.mjs'
import { baselineRow, scenarioRow } from './rows.mjs'

const TARGET = 0.75

export async function verifyGroup (ctx) {
  const { options, url, workers: [worker] } = ctx
  ctx.log(`verify: ${options.connections} connections, one access token each`)
  const sessions = await refreshSessions(url, await ctx.openSessions(options.connections))
  const perConnection = sessions.map((s) => ({ headers: { authorization: `Bearer ${s.accessToken}` } }))
  const load = (path) => (durationSec) => worker.run('load', { url, path, connections: options.connections, durationSec, perConnection })
  const runs = await measureRounds([
    { name: 'GET /healthz', run: load('/healthz') },
    { name: 'GET /auth/verify', run: load('/auth/verify') }
  ], ctx)
  const ratio = pairedRatio(runs['GET /auth/verify'], runs['GET /healthz'])
  return [
    baselineRow('healthz', 'GET /healthz (bare route)', runs['GET /healthz']),
    scenarioRow('verify', 'GET /auth/verify', runs['GET /auth/verify'], {
      baseline: 'healthz',
      ratio,
      target: `≥ ${TARGET} × healthz req/s`,
      checks: () => [[ratio !== null && ratio >= TARGET, `req/s ratio ${ratio} < ${TARGET}`]]
    })
  ]
}
