// Scenario 5: a refresh storm. `size` clients present one refresh token at the same time
// (each transport once): all 200s must carry one and the same successor (the first
// rotates, the rest are retries within grace), no 5xx; that successor then rotates, and
// the original, presented afterwards, is reuse.

export async function stormGroup (ctx) {
  const { options, url, workers: [worker] } = ctx
  const sessions = await ctx.openSessions(2)
  const rows = []
  for (const [i, transport] of ['body', 'cookie'].entries()) {
    const result = await worker.run('storm', { url, token: sessions[i].refreshToken, transport, size: options.stormSize })
    const ok = result.statuses[200] ?? 0
    const checks = [
      [result.serverErrors === 0, `${result.serverErrors} answers were 5xx`],
      [result.distinctSuccessors === 1, `${result.distinctSuccessors} distinct successors`],
      [ok === result.size, `${result.size - ok} of ${result.size} were not 200`],
      [result.successorStatus === 200, `the successor got ${result.successorStatus}`],
      [result.originalAfterwards === '401 REFRESH_TOKEN_REUSED', `the original afterwards got ${result.originalAfterwards}`]
    ]
    ctx.log(`storm (${transport}): ${JSON.stringify(result.statuses)}, ${result.distinctSuccessors} successor(s), successor → ${result.successorStatus}, original → ${result.originalAfterwards}`)
    const misses = checks.filter(([passed]) => !passed).map(([, text]) => text)
    rows.push({
      id: `storm-${transport}`,
      title: `${result.size} concurrent refreshes of one token (${transport})`,
      kind: 'check',
      reqPerSec: null,
      p50Ms: null,
      p99Ms: null,
      errors: result.serverErrors,
      non2xx: result.size - ok,
      baseline: null,
      ratio: null,
      target: 'exactly one successor, all 200, no 5xx',
      pass: misses.length === 0,
      correct: misses.length === 0,
      misses,
      storm: result
    })
  }
  return rows
}
