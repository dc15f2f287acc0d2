// Scenario 4a: POST /auth/login vs. the raw argon2id verify rate of this machine, at the
// server's own cost and the same concurrency, measured by a separate process in the same
// rounds. A login is one argon2 verify plus two store reads, one session write and a JWT.
import { DEFAULTS } from '../../dist/options.js'
import { measureRounds, pairedRatio } from '../measure.mjs'
import { PASSWORD } from '../seed.mjs'
import { baselineRow, scenarioRow } from './rows.mjs'

const TARGET = 0.7

/** One login body per user: connection i signs in as user i (round-robin). */
export function loginLoad (url, emails, connections) {
  const perConnection = emails.map((email) => ({
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD })
  }))
  return { url, path: '/auth/login', method: 'POST', connections, perConnection }
}

export async function loginGroup (ctx) {
  const { options, url, emails, workers: [worker] } = ctx
  const concurrency = options.loginConnections
  ctx.log(`login: ${concurrency} concurrent logins vs. ${concurrency} concurrent raw argon2id verifies (m=${DEFAULTS.argon2.memoryKiB} KiB, t=${DEFAULTS.argon2.timeCost}, p=${DEFAULTS.argon2.parallelism})`)
  const runs = await measureRounds([
    { name: 'argon2id verify', cpu: false, run: (durationSec) => worker.run('argon2', { cost: DEFAULTS.argon2, concurrency, durationSec }) },
    { name: 'POST /auth/login', run: (durationSec) => worker.run('load', { ...loginLoad(url, emails, concurrency), durationSec }) }
  ], ctx)
  const ratio = pairedRatio(runs['POST /auth/login'], runs['argon2id verify'])
  return [
    baselineRow('argon2', `raw argon2id verify (${concurrency} at once, separate process)`, runs['argon2id verify']),
    scenarioRow('login', 'POST /auth/login', runs['POST /auth/login'], {
      baseline: 'argon2',
      ratio,
      target: `≥ ${TARGET} × raw argon2 verifies/s`,
      checks: () => [[ratio !== null && ratio >= TARGET, `req/s ratio ${ratio} < ${TARGET}`]]
    })
  ]
}
