import t from 'tap'
import type { RedisTarget } from '../src/config.js'
import { createRedisClient } from '../src/redis/connect.js'
import { createRedisStores } from '../src/redis/redis-stores.js'
import { createMemoryStores } from '../src/stores/memory-stores.js'
import { testClusterNodes } from './helpers/cluster.js'
import { testRedisUrl, uniquePrefix } from './helpers/redis.js'
import { storeContract } from './store-contract.js'

t.test('memory store', async (t) => {
  storeContract(t, async (t) => {
    const stores = createMemoryStores()
    t.teardown(stores.close)
    return stores
  })
})

const redisTargets: Record<string, (keyPrefix: string) => Exclude<RedisTarget, { kind: 'memory' }>> = {
  'redis store': (keyPrefix) => ({ kind: 'url', url: testRedisUrl(), keyPrefix }),
  'redis cluster store (3 primaries)': (keyPrefix) => ({ kind: 'cluster', nodes: testClusterNodes(), keyPrefix })
}

for (const [name, target] of Object.entries(redisTargets)) {
  t.test(name, async (t) => {
    storeContract(t, async (t) => {
      const keyPrefix = uniquePrefix()
      const client = createRedisClient(target(keyPrefix))
      await new Promise((resolve) => client.once('ready', resolve))
      const stores = createRedisStores({ client, keyPrefix, ownsClient: true })
      t.teardown(stores.close)
      return stores
    })
  })
}
