import t from 'tap'
import { createRedisClient } from '../src/redis/connect.js'
import { createRedisStores } from '../src/redis/redis-stores.js'
import { createMemoryStores } from '../src/stores/memory-stores.js'
import { testRedisUrl, uniquePrefix } from './helpers/redis.js'
import { storeContract } from './store-contract.js'

t.test('memory store', async (t) => {
  storeContract(t, async (t) => {
    const stores = createMemoryStores()
    t.teardown(stores.close)
    return stores
  })
})

t.test('redis store', async (t) => {
  storeContract(t, async (t) => {
    const keyPrefix = uniquePrefix()
    const client = createRedisClient({ kind: 'url', url: testRedisUrl(), keyPrefix })
    await new Promise((resolve) => client.once('ready', resolve))
    const stores = createRedisStores({ client, keyPrefix, ownsClient: true })
    t.teardown(stores.close)
    return stores
  })
})
