// Scenario 4b: does a login flood starve the routes that only verify a token? A steady,
// light probe of GET /auth/verify, idle and then while another process floods logins;
// the figure is the probe's p99 during the flood over its idle p99.
import { measureRounds, pairedRatio } from '../measure.mjs'
import { refreshSessions } from '../seed.mjs'
import { loginLoad } from './login.mjs'
import { baselineRow, scenarioRow } from './rows.mjs'

const TARGET = 2
const RAMP_SEC = 1

export async function floodGroup (ctx) {
  const { options, url, emails, workers: [prober, flooder] } = ctx
  ctx.log(`flood: /auth/verify probe at ${options.probeRate} req/s, idle and during ${options.loginConnections} concurrent logins`)
  const [session] = await refreshSessions(url, await ctx.openSessions(1))
  const probe = (durationSec) => prober.run('probe', {
    url, path: '/auth/verify', headers: { authorization: `Bearer ${session.accessToken}` }, rate: options.probeRate, durationSec
  })
  const duringFlood = async (durationSec) => {
    // The flood starts first and ends last, so the probe sees only the flood's steady state.
    const flood = flooder.run('load', { ...loginLoad(url, emails, options.loginConnections), durationSec: durationSec + 2 * RAMP_SEC })
    await new Promise((resolve) => setTimeout(resolve, RAMP_SEC * 1000))
    const result = await probe(durationSec)
    const floodResult = await flood
    return { ...result, flood: { reqPerSec: floodResult.reqPerSec, non2xx: floodResult.non2xx, errors: floodResult.errors } }
  }
  const runs = await measureRounds([
    { name: 'verify probe, idle', cpu: false, run: probe },
    { name: 'verify probe, login flood', cpu: false, run: duringFlood }
  ], ctx)
  const idle = runs['verify probe, idle']
  const flooded = runs['verify probe, login flood']
  const ratio = pairedRatio(flooded, idle, (r) => r.latencyMs.p99)
  return [
    baselineRow('verify-idle', `GET /auth/verify at ${options.probeRate} req/s, idle`, idle),
    {
      ...scenarioRow('verify-flood', `GET /auth/verify at ${options.probeRate} req/s, login flood`, flooded, {
        baseline: 'verify-idle',
        ratio,
        target: `p99 ≤ ${TARGET} × idle p99`,
        checks: () => [[ratio !== null && ratio <= TARGET, `p99 ratio ${ratio} > ${TARGET}`]]
      }),
      floodLoginsPerSec: flooded.map((r) => r.flood.reqPerSec)
    }
  ]
}
