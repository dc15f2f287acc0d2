// Measurements in interleaved rounds: baseline, scenario, baseline, scenario, … so a noisy
// neighbour that slows one round slows both sides of it. Figures are medians over rounds;
// a ratio is the median of the per-round ratios (each pair measured back to back).

export const median = (values) => {
  const sorted = values.filter((v) => v !== null && v !== undefined).sort((a, b) => a - b)
  if (sorted.length === 0) return null
  const middle = Math.floor(sorted.length / 2)
  const value = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
  return Math.round(value * 1000) / 1000
}

/**
 * members: [{ name, run: (durationSec) => Promise<result>, cpu?: false }], run in this order
 * each round after one warm-up round (when warmupSec > 0). Unless `cpu` is false, the CPU
 * time the server and Redis spent during a run is divided by its responses.
 * Returns per member name: its runs.
 */
export async function measureRounds (members, { options: { warmupSec, durationSec, repetitions }, log, meter }) {
  if (warmupSec > 0) {
    for (const member of members) await member.run(warmupSec)
  }
  const runs = Object.fromEntries(members.map((m) => [m.name, []]))
  for (let round = 1; round <= repetitions; round++) {
    for (const member of members) {
      const metered = member.cpu !== false && meter !== undefined
      const before = metered ? await meter.snapshot() : undefined
      const result = await member.run(durationSec)
      if (metered) result.cpuUsPerRequest = meter.perRequest(before, await meter.snapshot(), result.responses)
      runs[member.name].push(result)
      log(`  round ${round}/${repetitions} ${member.name}: ${describe(result)}`)
    }
  }
  return runs
}

function describe (result) {
  const latency = result.latencyMs === null ? '' : `, p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms`
  const cpu = result.cpuUsPerRequest === undefined ? '' : `, CPU µs/request: server ${result.cpuUsPerRequest.serverUs}, redis ${result.cpuUsPerRequest.redisUs}, load generator ${result.cpuUsPerRequest.clientUs}`
  return `${result.reqPerSec} req/s${latency}${cpu}${result.non2xx > 0 ? `, ${result.non2xx} non-2xx` : ''}${result.errors > 0 ? `, ${result.errors} errors` : ''}`
}

/** The table row of one member: medians of its runs, sums of its failures. */
export function summarize (runs) {
  return {
    reqPerSec: median(runs.map((r) => r.reqPerSec)),
    p50Ms: median(runs.map((r) => r.latencyMs?.p50)),
    p99Ms: median(runs.map((r) => r.latencyMs?.p99)),
    serverUsPerReq: median(runs.map((r) => r.cpuUsPerRequest?.serverUs)),
    redisUsPerReq: median(runs.map((r) => r.cpuUsPerRequest?.redisUs)),
    clientUsPerReq: median(runs.map((r) => r.cpuUsPerRequest?.clientUs)),
    errors: runs.reduce((sum, r) => sum + r.errors + r.timeouts, 0),
    non2xx: runs.reduce((sum, r) => sum + r.non2xx, 0),
    rounds: runs.map((r) => ({ reqPerSec: r.reqPerSec, latencyMs: r.latencyMs, cpuUsPerRequest: r.cpuUsPerRequest, statuses: r.statuses }))
  }
}

/** Median of `pick(scenarioRun) / pick(baselineRun)` over rounds, to 3 decimals. */
export function pairedRatio (scenarioRuns, baselineRuns, pick = (r) => r.reqPerSec) {
  const ratios = scenarioRuns.map((run, i) => pick(run) / pick(baselineRuns[i]))
  const value = median(ratios.filter(Number.isFinite))
  return value === null ? null : Math.round(value * 1000) / 1000
}
