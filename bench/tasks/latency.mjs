// Latencies in milliseconds with sub-millisecond precision (autocannon's own histogram
// counts whole milliseconds, too coarse for a route that answers in 0.3 ms).

export function createLatencyRecorder () {
  let values = new Float64Array(1 << 16)
  let count = 0
  return {
    record (ms) {
      if (count === values.length) {
        const grown = new Float64Array(values.length * 2)
        grown.set(values)
        values = grown
      }
      values[count++] = ms
    },
    get count () {
      return count
    },
    /** `{ p50, p90, p99, max }` in ms, rounded to a microsecond. */
    summary () {
      const sorted = values.slice(0, count).sort()
      const at = (q) => count === 0 ? null : round(sorted[Math.min(count - 1, Math.ceil(q * count) - 1)])
      return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: count === 0 ? null : round(sorted[count - 1]) }
    }
  }
}

const round = (ms) => Math.round(ms * 1000) / 1000
