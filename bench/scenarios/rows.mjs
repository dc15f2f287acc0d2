// Rows of the results table: one per measured figure, baselines included.
import { summarize } from '../measure.mjs'

export function baselineRow (id, title, runs) {
  return { id, title, kind: 'baseline', ...summarize(runs), ratio: null, target: null, pass: null }
}

/**
 * A scenario row. `ratio` is against the row `baseline` names; `checks(row)` gives
 * [passed, text-if-missed] pairs. A row passes when every check does and nothing failed
 * (an error or a non-2xx answer is a correctness failure, whatever the speed). Without
 * a target, `pass` is null (a figure to read, not a goal).
 */
export function scenarioRow (id, title, runs, { baseline, ratio, target = null, checks = () => [] }) {
  const row = { id, title, kind: 'scenario', ...summarize(runs), baseline, ratio, target }
  const results = checks(row)
  const failures = []
  if (row.errors > 0) failures.push(`${row.errors} errors`)
  if (row.non2xx > 0) failures.push(`${row.non2xx} non-2xx answers`)
  const misses = [...failures, ...results.filter(([passed]) => !passed).map(([, text]) => text)]
  return { ...row, pass: target === null && failures.length === 0 ? null : misses.length === 0, correct: failures.length === 0, misses }
}
