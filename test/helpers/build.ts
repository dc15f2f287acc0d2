import type { FastifyInstance } from 'fastify'
import type { Test } from 'tap'
import { buildApp, type BuildAppOptions } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { createRedisClient } from '../../src/redis/connect.js'
import { createRedisStores } from '../../src/redis/redis-stores.js'
import { createMemoryStores } from '../../src/stores/memory-stores.js'
import type { Stores } from '../../src/stores/types.js'
import { testClusterNodes } from './cluster.js'
import { testRedisUrl, uniquePrefix } from './redis.js'

/** `cluster`: the 3-primary Redis Cluster `npm test` builds (see helpers/cluster.ts). */
export type StoreKind = 'memory' | 'redis' | 'cluster'
export const STORE_KINDS: StoreKind[] = ['memory', 'redis', 'cluster']

export const TEST_JWT_SECRET = 'test-secret-that-is-at-least-32-bytes-long!'

// Cheap argon2 and no rate limits unless a test asks: the suite tests rules, not costs.
export const TEST_ENV: Record<string, string> = {
  JWT_SECRET: TEST_JWT_SECRET,
  LOG_LEVEL: 'silent',
  RATE_LIMIT: 'off',
  ARGON2_MEMORY_KIB: '1024',
  ARGON2_TIME_COST: '1'
}

export interface Built {
  app: FastifyInstance
  stores: Stores
  /** The Redis key prefix of this app (Redis stores only). */
  keyPrefix: string
}

export interface BuildOptions {
  store?: StoreKind
  /** Ready-made stores (left open: the caller closes them); wins over `store`. */
  stores?: Stores
  env?: Record<string, string>
  redisUrl?: string
  keyPrefix?: string
  logger?: BuildAppOptions['logger']
}

/** A ready authgate app on the chosen store, closed (with its store) when the test ends. */
export async function build (t: Test, options: BuildOptions = {}): Promise<Built> {
  const config = loadConfig({ ...TEST_ENV, ...options.env })
  const keyPrefix = options.keyPrefix ?? uniquePrefix()
  const ownStores = options.stores === undefined
  const stores = options.stores !== undefined
    ? options.stores
    : options.store === 'redis'
    ? createRedisStores({ client: createRedisClient({ kind: 'url', url: options.redisUrl ?? testRedisUrl(), keyPrefix }), keyPrefix, ownsClient: true })
    : options.store === 'cluster'
    ? createRedisStores({ client: createRedisClient({ kind: 'cluster', nodes: testClusterNodes(), keyPrefix }), keyPrefix, ownsClient: true })
    : createMemoryStores()
  const app = await buildApp(config, { stores, ...(options.logger !== undefined && { logger: options.logger }) })
  t.teardown(async () => {
    await app.close()
    if (ownStores) await stores.close()
  })
  await app.ready()
  if (stores.kind === 'redis') await waitForStore(stores)
  return { app, stores, keyPrefix }
}

async function waitForStore (stores: Stores): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      await stores.ping()
      return
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }
  throw new Error('the test Redis did not answer')
}
