// One closed-loop load measurement with autocannon: `connections` keep-alive connections,
// each sending its next request as soon as the previous answer arrives, for `durationSec`.
import autocannon from 'autocannon'
import { createLatencyRecorder } from './latency.mjs'
import { createRotationChains } from './rotation-chains.mjs'

/**
 * params: { url, connections, durationSec, method, path, perConnection?: [{ headers, body }],
 *           chains?: { transport: 'cookie' | 'body', tokens: string[] } }
 * Each connection takes the next entry of `perConnection` (round-robin), or, with `chains`,
 * its own refresh session, presenting the token it was last given.
 */
export async function runLoad (params) {
  const { url, connections, durationSec, method = 'GET', path, perConnection = [{}] } = params
  const chains = params.chains === undefined ? undefined : createRotationChains(params.chains)
  let nextConnection = 0
  const instance = autocannon({
    url: path === undefined ? url : `${url}${path}`,
    connections,
    duration: durationSec,
    pipelining: 1,
    timeout: 10,
    method,
    ...(chains === undefined
      ? {
          // Fixed headers and body per connection: built once, sent as the same bytes each time.
          setupClient (client) {
            const { headers = {}, body } = perConnection[nextConnection++ % perConnection.length]
            client.setHeadersAndBody(headers, body)
          }
        }
      : { requests: [chains.request] })
  })
  const latencies = createLatencyRecorder()
  const statuses = {}
  instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
    latencies.record(responseTimeMs)
    statuses[statusCode] = (statuses[statusCode] ?? 0) + 1
  })
  const result = await instance
  const responses = latencies.count
  return {
    durationSec: result.duration,
    responses,
    reqPerSec: Math.round(responses / result.duration),
    latencyMs: latencies.summary(),
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statuses,
    ...(chains !== undefined && { chains: await chains.settle(url) })
  }
}
