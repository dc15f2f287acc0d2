import t from 'tap'
import { loadConfig, type RedisTarget } from '../src/config.js'
import { clusterOptions, sentinelOptions, urlOptions } from '../src/redis/connect.js'
import { createRedisKeys } from '../src/redis/keys.js'
import { TEST_ENV } from './helpers/build.js'

// How the environment picks a Redis deployment, and what each client is told: fail fast
// (no offline queue, 1 s command timeout), TLS and passwords passed through.

const redisTarget = (env: Record<string, string>): RedisTarget => loadConfig({ ...TEST_ENV, ...env }).redis

t.test('REDIS_CLUSTER_NODES selects a cluster, with password and TLS', async (t) => {
  t.same(redisTarget({ REDIS_CLUSTER_NODES: '10.0.0.1:7000, 10.0.0.2:7001' }), {
    kind: 'cluster', nodes: [{ host: '10.0.0.1', port: 7000 }, { host: '10.0.0.2', port: 7001 }], keyPrefix: 'authgate:', tls: false
  })
  t.match(redisTarget({ REDIS_CLUSTER_NODES: 'redis-0:6379', REDIS_PASSWORD: 'pw', REDIS_TLS: 'TRUE' }), { kind: 'cluster', password: 'pw', tls: true })
  t.equal(redisTarget({ REDIS_CLUSTER_NODES: 'redis-0:6379', REDIS_URL: 'redis://other:6379' }).kind, 'cluster', 'used instead of REDIS_URL')
})

t.test('REDIS_SENTINELS selects Sentinel; the Sentinels may have a password of their own', async (t) => {
  t.same(redisTarget({ REDIS_SENTINELS: '10.0.0.1:26379,10.0.0.2:26379', REDIS_SENTINEL_NAME: 'main', REDIS_PASSWORD: 'data-pw', REDIS_SENTINEL_PASSWORD: 'sentinel-pw' }), {
    kind: 'sentinel',
    sentinels: [{ host: '10.0.0.1', port: 26379 }, { host: '10.0.0.2', port: 26379 }],
    name: 'main',
    keyPrefix: 'authgate:',
    tls: false,
    password: 'data-pw',
    sentinelPassword: 'sentinel-pw'
  })
  t.match(redisTarget({ REDIS_SENTINELS: '10.0.0.1:26379', REDIS_SENTINEL_NAME: 'main', REDIS_PASSWORD: 'pw' }), { password: 'pw', sentinelPassword: 'pw' },
    'without REDIS_SENTINEL_PASSWORD the Sentinels get REDIS_PASSWORD')
  t.notOk('sentinelPassword' in redisTarget({ REDIS_SENTINELS: '10.0.0.1:26379', REDIS_SENTINEL_NAME: 'main' }))
  t.throws(() => redisTarget({ REDIS_SENTINELS: '10.0.0.1:26379' }), /REDIS_SENTINEL_NAME is required/)
})

t.test('a bad Redis setting stops the start with a message naming it', async (t) => {
  t.throws(() => redisTarget({ REDIS_CLUSTER_NODES: 'a:1', REDIS_SENTINELS: 'b:2', REDIS_SENTINEL_NAME: 'm' }), /REDIS_CLUSTER_NODES and REDIS_SENTINELS are exclusive/)
  t.throws(() => redisTarget({ REDIS_TLS: 'maybe' }), /REDIS_TLS must be true or false/)
  t.throws(() => redisTarget({ REDIS_KEY_PREFIX: '{app}:' }), /REDIS_KEY_PREFIX must be a prefix without \{ or \}/)
  t.throws(() => redisTarget({ REDIS_CLUSTER_NODES: 'no-port' }), /REDIS_CLUSTER_NODES must be host:port/)
  t.throws(() => createRedisKeys('app}{'), /must not contain \{ or \}/, 'the plugin API refuses such a prefix too')
})

t.test('a cluster client fails fast on every node, with TLS and password when asked', async (t) => {
  const plain = clusterOptions({ kind: 'cluster', nodes: [], keyPrefix: 'p:' })
  t.match(plain, { enableOfflineQueue: false, redisOptions: { maxRetriesPerRequest: 0, commandTimeout: 1000, connectTimeout: 1000 } })
  t.notOk('tls' in plain.redisOptions! || 'password' in plain.redisOptions!)
  const secured = clusterOptions({ kind: 'cluster', nodes: [], keyPrefix: 'p:', password: 'pw', tls: true })
  t.match(secured.redisOptions, { password: 'pw', tls: {} })
  const looked = await new Promise((resolve) => secured.dnsLookup!('redis-0.example.internal', (_error, address) => resolve(address)))
  t.equal(looked, 'redis-0.example.internal', 'with TLS, nodes are reached by name so the certificate check can match it')
})

t.test('a Sentinel client fails fast, asks again after READONLY, and passes TLS to both sides', async (t) => {
  const options = sentinelOptions({ kind: 'sentinel', sentinels: [{ host: 'h', port: 1 }], name: 'm', keyPrefix: 'p:', password: 'pw', sentinelPassword: 'spw', tls: true })
  t.match(options, {
    enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: 1000, sentinelCommandTimeout: 1000, name: 'm',
    password: 'pw', sentinelPassword: 'spw', tls: {}, sentinelTLS: {}, enableTLSForSentinelMode: true
  })
  const reconnect = options.reconnectOnError!
  t.ok(reconnect(new Error("READONLY You can't write against a read only replica.")), 'a demoted primary is dropped')
  t.notOk(reconnect(new Error('ERR something else')))
})

t.test('a URL client: rediss:// brings its own TLS, REDIS_TLS adds it to redis://', async (t) => {
  t.match(urlOptions({ kind: 'url', url: 'redis://h:6379', keyPrefix: 'p:', tls: true }), { enableOfflineQueue: false, tls: {} })
  t.notOk('tls' in urlOptions({ kind: 'url', url: 'rediss://h:6379', keyPrefix: 'p:', tls: true }))
  t.notOk('tls' in urlOptions({ kind: 'url', url: 'redis://h:6379', keyPrefix: 'p:' }))
})
