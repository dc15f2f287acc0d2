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

// Any user may hash to any slot, so a cluster is ready only when the primary of every
// slot is connected and answers. A PING goes to one random node; and ioredis drops a lost
// node from its pool, so pinging the pool would miss exactly that one. When a primary is
// missing, refresh the slot map: with no traffic (an instance the balancer took out of
// rotation) nothing else would bring the returning node back into the pool.
const SLOTS = 16_384

async function pingPrimaries (client: RedisClient): Promise<void> {
  if (!(client instanceof Cluster)) {
    await client.ping()
    return
  }
  const connected = new Map(client.nodes('master').map((node) => [`${node.options.host ?? ''}:${node.options.port ?? ''}`, node]))
  const owners = new Set<string>()
  for (let slot = 0; slot < SLOTS; slot++) {
    const owner = client.slots[slot]?.[0]
    if (owner === undefined) throw new Error(`no primary serves slot ${slot}`)
    owners.add(owner)
  }
  const missing = [...owners].filter((key) => !connected.has(key))
  if (missing.length > 0) {
    client.refreshSlotsCache()
    throw new Error(`not connected to the primary ${missing.join(', ')}`)
  }
  await Promise.all([...owners].map(async (key) => await connected.get(key)!.ping()))
}
