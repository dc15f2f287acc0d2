import { Cluster, Redis, type RedisOptions } from 'ioredis'
import type { RedisTarget } from '../config.js'

// Fail fast instead of queueing: a request must get STORE_UNAVAILABLE within about a
// second, never hang while ioredis retries. Reconnection goes on in the background, so
// the service recovers by itself when Redis is back.
export const FAIL_FAST: RedisOptions = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  commandTimeout: 1000,
  connectTimeout: 1000,
  retryStrategy: (attempt: number) => Math.min(attempt * 100, 1000)
}

export type RedisClient = Redis | Cluster

/** Builds the client the configuration names (it connects in the background). */
export function createRedisClient (target: Exclude<RedisTarget, { kind: 'memory' }>): RedisClient {
  switch (target.kind) {
    case 'url':
      return new Redis(target.url, FAIL_FAST)
    case 'cluster':
      return new Cluster(target.nodes, {
        enableOfflineQueue: false,
        clusterRetryStrategy: FAIL_FAST.retryStrategy,
        redisOptions: { ...FAIL_FAST, ...(target.password !== undefined && { password: target.password }) }
      })
    case 'sentinel':
      return new Redis({
        ...FAIL_FAST,
        sentinels: target.sentinels,
        name: target.name,
        ...(target.password !== undefined && { password: target.password, sentinelPassword: target.password })
      })
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
