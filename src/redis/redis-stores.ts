import { Cluster } from 'ioredis'
import type { Stores } from '../stores/types.js'
import type { RedisClient } from './connect.js'
import { createRedisKeys } from './keys.js'
import { createRedisSessionStore } from './redis-session-store.js'
import { createRedisUserStore } from './redis-user-store.js'
import { orUnavailable } from './unavailable.js'

export interface RedisStoresOptions {
  client: RedisClient
  /** Prefix of every key; default `authgate:`. */
  keyPrefix?: string
  /** Close the client with the stores (when authgate created it); default false. */
  ownsClient?: boolean
}

/** Users and sessions in Redis (≥ 6.2), standalone, Sentinel-managed or Cluster. */
export function createRedisStores ({ client, keyPrefix = 'authgate:', ownsClient = false }: RedisStoresOptions): Stores {
  const keys = createRedisKeys(keyPrefix)
  return {
    kind: 'redis',
    redis: { client, keyPrefix },
    users: createRedisUserStore(client, keys),
    sessions: createRedisSessionStore(client, keys),
    async ping () {
      await orUnavailable(pingPrimaries(client))
    },
    async close () {
      if (ownsClient) await client.quit().catch(() => client.disconnect())
    }
  }
}

// Any user may hash to any slot, so a cluster is ready only when every primary answers
// (a PING to one random node says nothing about the others).
async function pingPrimaries (client: RedisClient): Promise<void> {
  const primaries = client instanceof Cluster ? client.nodes('master') : []
  if (primaries.length === 0) {
    await client.ping()
    return
  }
  await Promise.all(primaries.map(async (node) => await node.ping()))
}
