import t from 'tap'
import { ConfigError, loadConfig } from '../src/config.js'

const SECRET = 'x'.repeat(32)

t.test('defaults are API.md\'s', async (t) => {
  const config = loadConfig({})
  t.match(config, { production: false, host: '127.0.0.1', port: 3000, trustProxy: false, logLevel: 'info', redis: { kind: 'memory' } })
  t.match(config.plugin, {
    jwtSecret: undefined,
    jwtIssuer: 'authgate',
    jwtAudience: 'authgate',
    accessTokenTtl: '15m',
    refreshTokenTtl: '7d',
    sessionMaxTtl: '30d',
    refreshReuseGrace: '10s',
    cookieSecure: true,
    allowedOrigins: [],
    rateLimit: { login: '20/1m', register: '10/1m', refresh: '120/1m', loginAccount: '10/15m' },
    bodyLimit: 1048576,
    argon2: { memoryKiB: 19456, timeCost: 2, parallelism: 1 }
  })
})

t.test('production refuses to start without JWT_SECRET', async (t) => {
  t.throws(() => loadConfig({ NODE_ENV: 'production' }), { name: 'ConfigError', message: /JWT_SECRET/ })
  t.doesNotThrow(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET }))
})

t.test('a JWT_SECRET under 32 bytes is refused', async (t) => {
  t.throws(() => loadConfig({ JWT_SECRET: 'short' }), { message: /JWT_SECRET.*32 bytes/ })
})

t.test('every invalid value stops the start with a message naming the variable', async (t) => {
  const bad: Record<string, string> = {
    PORT: 'eighty',
    ACCESS_TOKEN_TTL: '15 minutes',
    REFRESH_TOKEN_TTL: '-1d',
    SESSION_MAX_TTL: '0',
    REFRESH_REUSE_GRACE: '10x',
    COOKIE_SECURE: 'maybe',
    TRUST_PROXY: 'sometimes',
    RATE_LIMIT: 'perhaps',
    RATE_LIMIT_LOGIN: '20',
    RATE_LIMIT_REGISTER: 'ten/1m',
    RATE_LIMIT_REFRESH: '0/1m',
    RATE_LIMIT_LOGIN_ACCOUNT: '10/forever',
    BODY_LIMIT: 'big',
    ARGON2_MEMORY_KIB: '0',
    ARGON2_TIME_COST: 'two',
    ARGON2_PARALLELISM: '1.5',
    LOG_LEVEL: 'loud',
    REDIS_URL: 'http://localhost:6379',
    REDIS_CLUSTER_NODES: 'localhost',
    REDIS_SENTINELS: 'a:1,b'
  }
  for (const [name, value] of Object.entries(bad)) {
    t.throws(() => loadConfig({ [name]: value }), { name: 'ConfigError', message: new RegExp(`^${name} `) }, `${name}=${value}`)
  }
})

t.test('a bad REDIS_URL is named but never echoed (it may carry a password)', async (t) => {
  try {
    loadConfig({ REDIS_URL: 'http://user:hunter2@localhost' })
    t.fail('should throw')
  } catch (error) {
    t.ok(error instanceof ConfigError)
    t.notOk((error as Error).message.includes('hunter2'))
  }
})

t.test('durations accept seconds or a unit; the plugin options keep the text', async (t) => {
  const config = loadConfig({ ACCESS_TOKEN_TTL: '900', REFRESH_TOKEN_TTL: '1.5h', REFRESH_REUSE_GRACE: '0' })
  t.equal(config.plugin.accessTokenTtl, '900')
  t.equal(config.plugin.refreshTokenTtl, '1.5h')
  t.equal(config.plugin.refreshReuseGrace, '0')
})

t.test('Redis targets: URL, cluster, sentinel', async (t) => {
  t.match(loadConfig({ REDIS_URL: 'redis://localhost:6380/2' }).redis, { kind: 'url', url: 'redis://localhost:6380/2', keyPrefix: 'authgate:' })
  t.match(loadConfig({ REDIS_CLUSTER_NODES: 'a:1, b:2', REDIS_PASSWORD: 'pw', REDIS_KEY_PREFIX: 'x:' }).redis,
    { kind: 'cluster', nodes: [{ host: 'a', port: 1 }, { host: 'b', port: 2 }], password: 'pw', keyPrefix: 'x:' })
  t.match(loadConfig({ REDIS_SENTINELS: 's:26379', REDIS_SENTINEL_NAME: 'mymaster' }).redis, { kind: 'sentinel', name: 'mymaster' })
  t.throws(() => loadConfig({ REDIS_SENTINELS: 's:26379' }), { message: /REDIS_SENTINEL_NAME/ })
})

t.test('switches: RATE_LIMIT=off, COOKIE_SECURE=false, TRUST_PROXY=true, ALLOWED_ORIGINS list', async (t) => {
  const config = loadConfig({ RATE_LIMIT: 'off', COOKIE_SECURE: 'false', TRUST_PROXY: 'TRUE', ALLOWED_ORIGINS: 'https://app.example.com, https://www.example.com' })
  t.equal(config.plugin.rateLimit, false)
  t.equal(config.plugin.cookieSecure, false)
  t.equal(config.trustProxy, true)
  t.same(config.plugin.allowedOrigins, ['https://app.example.com', 'https://www.example.com'])
})
