// The results: a table for the terminal (or Markdown for docs) and a JSON file.
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

const COLUMNS = ['scenario', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'non-2xx', 'server µs/req', 'redis µs/req', 'load-gen µs/req', 'ratio', 'target', 'result']
const NUMERIC = new Set([1, 2, 3, 4, 5, 6, 7, 8])

function cells (row) {
  const ratio = row.ratio === null || row.ratio === undefined ? '' : `${row.ratio.toFixed(2)} × ${row.baseline}`
  const result = row.pass === null ? (row.kind === 'baseline' ? 'baseline' : '') : row.pass ? 'pass' : `MISS: ${row.misses.join('; ')}`
  if (row.kind === 'memory') {
    return [row.title, '', '', '', '', '', '', '', '', `${row.bytesPerSession} B/session`, row.target, result]
  }
  const show = (value) => value === null || value === undefined ? '' : String(value)
  return [row.title, show(row.reqPerSec), show(row.p50Ms), show(row.p99Ms), show(row.errors), show(row.non2xx), show(row.serverUsPerReq), show(row.redisUsPerReq), show(row.clientUsPerReq), ratio, row.target ?? '', result]
}

export function formatTable (rows) {
  const table = [COLUMNS, ...rows.map(cells)]
  const widths = COLUMNS.map((_, i) => Math.max(...table.map((line) => line[i].length)))
  const line = (values) => values.map((v, i) => (NUMERIC.has(i) ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join('  ').trimEnd()
  return [line(table[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...table.slice(1).map(line)].join('\n')
}

export function formatMarkdown (rows) {
  const escape = (text) => text.replaceAll('|', '\\|')
  return [
    `| ${COLUMNS.join(' | ')} |`,
    `|${COLUMNS.map((_, i) => (NUMERIC.has(i) ? '---:' : '---')).join('|')}|`,
    ...rows.map((row) => `| ${cells(row).map(escape).join(' | ')} |`)
  ].join('\n')
}

export function writeResults (path, results) {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`)
}

// `node bench/report.mjs [results.json]`: the table of a results file, as Markdown (for docs).
if (import.meta.url === `file://${process.argv[1]}`) {
  const { readFileSync } = await import('node:fs')
  const path = process.argv[2] ?? new URL('./results/latest.json', import.meta.url).pathname
  console.log(formatMarkdown(JSON.parse(readFileSync(path, 'utf8')).rows))
}
