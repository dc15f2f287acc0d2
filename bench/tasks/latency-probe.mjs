// A light, steady probe: `rate` requests per second spread over a few keep-alive lanes,
// each latency timed from the moment its request is written. It measures how quickly a
// route answers while something else loads the server, without loading it much itself.
// (autocannon's own rate limit sends each second's quota in a burst, which would measure
// the burst instead.)
import { Agent, request } from 'node:http'
import { createLatencyRecorder } from './latency.mjs'

const LANES = 4

/** params: { url, path, headers, rate, durationSec } */
export async function runLatencyProbe ({ url, path, headers = {}, rate, durationSec }) {
  const agent = new Agent({ keepAlive: true, maxSockets: LANES })
  const latencies = createLatencyRecorder()
  const statuses = {}
  let errors = 0
  const intervalMs = (1000 * LANES) / rate
  const start = performance.now()
  const end = start + durationSec * 1000

  async function lane (index) {
    let due = start + (index * intervalMs) / LANES
    while (due < end) {
      const wait = due - performance.now()
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
      const sentAt = performance.now()
      try {
        const status = await get(agent, `${url}${path}`, headers)
        latencies.record(performance.now() - sentAt)
        statuses[status] = (statuses[status] ?? 0) + 1
      } catch {
        errors++
      }
      due += intervalMs
    }
  }

  await Promise.all(Array.from({ length: LANES }, (_, index) => lane(index)))
  agent.destroy()
  const responses = latencies.count
  const non2xx = responses - Object.entries(statuses).filter(([code]) => code.startsWith('2')).reduce((sum, [, n]) => sum + n, 0)
  return { durationSec, responses, reqPerSec: Math.round(responses / durationSec), latencyMs: latencies.summary(), errors, timeouts: 0, non2xx, statuses }
}

function get (agent, target, headers) {
  return new Promise((resolve, reject) => {
    const req = request(target, { agent, headers }, (res) => {
      res.resume()
      res.once('end', () => resolve(res.statusCode))
      res.once('error', reject)
    })
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')))
    req.once('error', reject)
    req.end()
  })
}
