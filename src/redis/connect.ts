import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis'
import type { RedisTarget } from '../config.js'

// Fail fast instead of queueing: a request must get STORE_UNAVAILABLE within about a
// second, never hang while ioredis retries. Reconnection goes on in the background, so
// the service recovers by itself when Redis is back.
export const FAIL_FAST: RedisOptions = {
  // Commands issued in the same tick (concurrent requests) leave in one write: fewer
  // syscalls per request on both sides, measured in bench/ (store group).
  enableAutoPipelining: true,
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  commandTimeout: 1000,
  connectTimeout: 1000,
  retryStrategy: (attempt: number) => Math.min(attempt * 100, 1000)
}

export type RedisClient = Redis | Cluster

type Target<Kind extends string> = Extract<RedisTarget, { kind: Kind }>

/** Builds the client the configuration names (it connects in the background). */
export function createRedisClient (target: Exclude<RedisTarget, { kind: 'memory' }>): RedisClient {
  switch (target.kind) {
    case 'url':
      return new Redis(target.url, urlOptions(target))
    case 'cluster':
      return new Cluster(target.nodes, clusterOptions(target))
    case 'sentinel':
      return new Redis(sentinelOptions(target))
  }
}

export function urlOptions (target: Target<'url'>): RedisOptions {
  // A rediss:// URL turns TLS on by itself (with its own parameters); REDIS_TLS does for redis://.
  const tls = target.tls === true && !target.url.startsWith('rediss:')
  return { ...FAIL_FAST, ...(tls && { tls: {} }) }
}

export function clusterOptions (target: Target<'cluster'>): ClusterOptions {
  // Each node connection fails fast too; ioredis keeps its own offline queue and retry
  // strategy for nodes (it refreshes the slot map instead of reconnecting a lost node).
  const { enableOfflineQueue, retryStrategy, ...perNode } = FAIL_FAST
  return {
    enableOfflineQueue,
    enableAutoPipelining: FAIL_FAST.enableAutoPipelining,
    clusterRetryStrategy: retryStrategy,
    // With TLS, hand each node's name to the TLS connection unresolved, so the certificate
    // check sees the host name rather than an IP address (as managed TLS clusters expect).
    ...(target.tls === true && { dnsLookup: (address, callback) => callback(null, address) }),
    redisOptions: {
      ...perNode,
      ...(target.password !== undefined && { password: target.password }),
      ...(target.tls === true && { tls: {} })
    }
  }
}

export function sentinelOptions (target: Target<'sentinel'>): RedisOptions {
  return {
    ...FAIL_FAST,
    sentinels: target.sentinels,
    name: target.name,
    sentinelCommandTimeout: FAIL_FAST.commandTimeout,
    // A demoted primary answers writes with READONLY: drop it and ask the Sentinels again.
    // (Not `failoverDetector`: in ioredis 6 its disconnect can land while a reconnection is
    // asking the Sentinels, which ends the client for good: status "end", 503 forever. A
    // killed primary closes the connection anyway, and Sentinel's reconfiguration kills the
    // clients of a demoted one, so reconnecting on close finds the new primary.)
    reconnectOnError: (error) => error.message.startsWith('READONLY'),
    ...(target.password !== undefined && { password: target.password }),
    ...(target.sentinelPassword !== undefined && { sentinelPassword: target.sentinelPassword }),
    ...(target.tls === true && { tls: {}, enableTLSForSentinelMode: true, sentinelTLS: {} })
  }
}

/** Waits for the first connection, up to `timeoutMs`; resolves either way. */
export async function waitUntilReady (client: RedisClient, timeoutMs: number): Promise<boolean> {
  if (client.status === 'ready') return true
  return await new Promise((resolve) => {
    const done = (ready: boolean): void => {
      clearTimeout(timer)
      client.off('ready', onReady)
      resolve(ready)
    }
    const onReady = (): void => done(true)
    const timer = setTimeout(() => done(false), timeoutMs)
    client.on('ready', onReady)
  })
}
