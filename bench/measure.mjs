// Measurements in interleaved rounds: baseline, scenario, baseline, scenario, … so a noisy
// neighbour that slows one round slows both sides of it. Figures are medians over rounds;
// a ratio is the median of the per-round ratios (each pair measured back to back).

export const median = (values) => {
  const sorted = values.filter((v) => v !== null && v !== undefined).sort((a, b) => a - b)
  if (sorted.length === 0) return null
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/**
 * members: [{ name, run: (durationSec) => Promise<result> }], run in this order each round
 * after one warm-up round (when warmupSec > 0). Returns per member: its runs.
 */
export async function measureRounds (members, { warmupSec, durationSec, repetitions, log }) {
  if (warmupSec > 0) {
    for (const member of members) await member.run(warmupSec)
  }
  const runs = Object.fromEntries(members.map((m) => [m.name, []]))
  for (let round = 1; round <= repetitions; round++) {
    for (const member of members) {
      const result = await member.run(durationSec)
      runs[member.name].push(result)
      log(`  round ${round}/${repetitions} ${member.name}: ${describe(result)}`)
    }
  }
  return runs
}

function describe (result) {
  const latency = result.latencyMs === null ? '' : `, p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms`
  return `${result.reqPerSec} req/s${latency}${result.non2xx > 0 ? `, ${result.non2xx} non-2xx` : ''}${result.errors > 0 ? `, ${result.errors} errors` : ''}`
}

/** The table row of one member: medians of its runs, sums of its failures. */
export function summarize (runs) {
  return {
    reqPerSec: median(runs.map((r) => r.reqPerSec)),
    p50Ms: median(runs.map((r) => r.latencyMs?.p50)),
    p99Ms: median(runs.map((r) => r.latencyMs?.p99)),
    errors: runs.reduce((sum, r) => sum + r.errors + r.timeouts, 0),
    non2xx: runs.reduce((sum, r) => sum + r.non2xx, 0),
    rounds: runs.map((r) => ({ reqPerSec: r.reqPerSec, latencyMs: r.latencyMs, statuses: r.statuses }))
  }
}

/** Median of `pick(scenarioRun) / pick(baselineRun)` over rounds, to 3 decimals. */
export function pairedRatio (scenarioRuns, baselineRuns, pick = (r) => r.reqPerSec) {
  const ratios = scenarioRuns.map((run, i) => pick(run) / pick(baselineRuns[i]))
  const value = median(ratios.filter(Number.isFinite))
  return value === null ? null : Math.round(value * 1000) / 1000
}
