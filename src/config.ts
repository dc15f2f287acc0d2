import { Type, type Static } from 'typebox'
import { Value } from 'typebox/value'
import { parseDurationMs } from './duration.js'
import { parseRateLimitRule } from './rate.js'
import { DEFAULTS, MIN_JWT_SECRET_BYTES, type AuthgateOptions } from './options.js'

// The one reader of process.env: every variable of API.md, as text, checked here once.
const DURATION = '^\\s*\\d+(\\.\\d+)?[smhd]?\\s*$'
const RATE = '^\\s*\\d+\\s*/\\s*\\d+(\\.\\d+)?[smhd]?\\s*$'
const INTEGER = '^\\s*\\d+\\s*$'
const BOOLEAN = '^(true|false|1|0|yes|no|on|off)$'
const HOST_PORTS = '^\\s*[^,:\\s]+:\\d+\\s*(,\\s*[^,:\\s]+:\\d+\\s*)*$'

const EnvSchema = Type.Object({
  NODE_ENV: Type.Optional(Type.String()),
  HOST: Type.String({ default: '127.0.0.1', minLength: 1 }),
  PORT: Type.String({ default: '3000', pattern: INTEGER }),
  REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://' })),
  REDIS_CLUSTER_NODES: Type.Optional(Type.String({ pattern: HOST_PORTS })),
  REDIS_SENTINELS: Type.Optional(Type.String({ pattern: HOST_PORTS })),
  REDIS_SENTINEL_NAME: Type.Optional(Type.String({ minLength: 1 })),
  REDIS_PASSWORD: Type.Optional(Type.String()),
  REDIS_SENTINEL_PASSWORD: Type.Optional(Type.String()),
  REDIS_TLS: Type.String({ default: 'false', pattern: BOOLEAN }),
  // Braces would make a hash tag of the prefix and break the per-user `{<user id>}` one.
  REDIS_KEY_PREFIX: Type.String({ default: 'authgate:', pattern: '^[^{}]*$' }),
  JWT_SECRET: Type.Optional(Type.String()),
  JWT_ISSUER: Type.String({ default: DEFAULTS.jwtIssuer, minLength: 1 }),
  JWT_AUDIENCE: Type.String({ default: DEFAULTS.jwtAudience, minLength: 1 }),
  ACCESS_TOKEN_TTL: Type.String({ default: DEFAULTS.accessTokenTtl, pattern: DURATION }),
  REFRESH_TOKEN_TTL: Type.String({ default: DEFAULTS.refreshTokenTtl, pattern: DURATION }),
  SESSION_MAX_TTL: Type.String({ default: DEFAULTS.sessionMaxTtl, pattern: DURATION }),
  REFRESH_REUSE_GRACE: Type.String({ default: DEFAULTS.refreshReuseGrace, pattern: DURATION }),
  COOKIE_SECURE: Type.String({ default: 'true', pattern: BOOLEAN }),
  ALLOWED_ORIGINS: Type.Optional(Type.String()),
  TRUST_PROXY: Type.String({ default: 'false', pattern: BOOLEAN }),
  RATE_LIMIT: Type.String({ default: 'on', pattern: BOOLEAN }),
  RATE_LIMIT_LOGIN: Type.String({ default: DEFAULTS.rateLimit.login, pattern: RATE }),
  RATE_LIMIT_REGISTER: Type.String({ default: DEFAULTS.rateLimit.register, pattern: RATE }),
  RATE_LIMIT_REFRESH: Type.String({ default: DEFAULTS.rateLimit.refresh, pattern: RATE }),
  RATE_LIMIT_LOGIN_ACCOUNT: Type.String({ default: DEFAULTS.rateLimit.loginAccount, pattern: RATE }),
  BODY_LIMIT: Type.String({ default: String(DEFAULTS.bodyLimit), pattern: INTEGER }),
  ARGON2_MEMORY_KIB: Type.String({ default: String(DEFAULTS.argon2.memoryKiB), pattern: INTEGER }),
  ARGON2_TIME_COST: Type.String({ default: String(DEFAULTS.argon2.timeCost), pattern: INTEGER }),
  ARGON2_PARALLELISM: Type.String({ default: String(DEFAULTS.argon2.parallelism), pattern: INTEGER }),
  LOG_LEVEL: Type.String({ default: 'info', pattern: '^(fatal|error|warn|info|debug|trace|silent)$' })
})

type Env = Static<typeof EnvSchema>

export type RedisTarget =
  | { kind: 'memory' }
  | { kind: 'url', url: string, keyPrefix: string, tls?: boolean }
  | { kind: 'cluster', nodes: HostPort[], password?: string, keyPrefix: string, tls?: boolean }
  | { kind: 'sentinel', sentinels: HostPort[], name: string, password?: string, sentinelPassword?: string, keyPrefix: string, tls?: boolean }

export interface HostPort { host: string, port: number }

/** Everything the standalone server needs, typed; `plugin` is handed to authgate as is. */
export interface Config {
  production: boolean
  host: string
  port: number
  trustProxy: boolean
  logLevel: string
  redis: RedisTarget
  plugin: Omit<AuthgateOptions, 'stores'>
}

export class ConfigError extends Error {
  override name = 'ConfigError'
}

const HINTS: Partial<Record<keyof Env, string>> = {
  PORT: 'a port number',
  REDIS_URL: 'a redis:// or rediss:// URL',
  REDIS_CLUSTER_NODES: 'host:port,host:port,…',
  REDIS_SENTINELS: 'host:port,host:port,…',
  REDIS_TLS: 'true or false',
  REDIS_KEY_PREFIX: 'a prefix without { or } (authgate adds its own hash tags)',
  COOKIE_SECURE: 'true or false',
  TRUST_PROXY: 'true or false',
  RATE_LIMIT: 'on or off',
  BODY_LIMIT: 'a number of bytes',
  LOG_LEVEL: 'one of fatal, error, warn, info, debug, trace, silent'
}

/** Reads and validates the environment; throws a ConfigError naming the first bad variable. */
export function loadConfig (source: NodeJS.ProcessEnv = process.env): Config {
  const env = readEnv(source)
  const production = env.NODE_ENV === 'production'
  if (env.JWT_SECRET === undefined && production) {
    throw new ConfigError('JWT_SECRET is required when NODE_ENV=production (at least 32 random bytes, e.g. `openssl rand -base64 48`)')
  }
  if (env.JWT_SECRET !== undefined && Buffer.byteLength(env.JWT_SECRET) < MIN_JWT_SECRET_BYTES) {
    throw new ConfigError(`JWT_SECRET must be at least ${MIN_JWT_SECRET_BYTES} bytes long`)
  }
  const port = Number(env.PORT)
  if (port > 65_535) throw new ConfigError(`PORT must be ${HINTS.PORT}, got "${env.PORT}"`)
  for (const name of ['ACCESS_TOKEN_TTL', 'REFRESH_TOKEN_TTL', 'SESSION_MAX_TTL'] as const) {
    if ((parseDurationMs(env[name]) ?? 0) < 1000) throw new ConfigError(`${name} must be at least one second, got "${env[name]}"`)
  }
  for (const name of ['RATE_LIMIT_LOGIN', 'RATE_LIMIT_REGISTER', 'RATE_LIMIT_REFRESH', 'RATE_LIMIT_LOGIN_ACCOUNT'] as const) {
    if (parseRateLimitRule(env[name]) === undefined) throw new ConfigError(`${name} must look like <max>/<duration> (e.g. 20/1m), got "${env[name]}"`)
  }
  for (const name of ['BODY_LIMIT', 'ARGON2_MEMORY_KIB', 'ARGON2_TIME_COST', 'ARGON2_PARALLELISM'] as const) {
    if (Number(env[name]) < 1) throw new ConfigError(`${name} must be a positive integer, got "${env[name]}"`)
  }
  return {
    production,
    host: env.HOST,
    port,
    trustProxy: isOn(env.TRUST_PROXY),
    logLevel: env.LOG_LEVEL,
    redis: readRedisTarget(env),
    plugin: {
      jwtSecret: env.JWT_SECRET,
      jwtIssuer: env.JWT_ISSUER,
      jwtAudience: env.JWT_AUDIENCE,
      accessTokenTtl: env.ACCESS_TOKEN_TTL.trim(),
      refreshTokenTtl: env.REFRESH_TOKEN_TTL.trim(),
      sessionMaxTtl: env.SESSION_MAX_TTL.trim(),
      refreshReuseGrace: env.REFRESH_REUSE_GRACE.trim(),
      cookieSecure: isOn(env.COOKIE_SECURE),
      allowedOrigins: splitList(env.ALLOWED_ORIGINS),
      rateLimit: isOn(env.RATE_LIMIT)
        ? {
            login: env.RATE_LIMIT_LOGIN,
            register: env.RATE_LIMIT_REGISTER,
            refresh: env.RATE_LIMIT_REFRESH,
            loginAccount: env.RATE_LIMIT_LOGIN_ACCOUNT
          }
        : false,
      bodyLimit: Number(env.BODY_LIMIT),
      argon2: {
        memoryKiB: Number(env.ARGON2_MEMORY_KIB),
        timeCost: Number(env.ARGON2_TIME_COST),
        parallelism: Number(env.ARGON2_PARALLELISM)
      }
    }
  }
}

function readEnv (source: NodeJS.ProcessEnv): Env {
  // Only our variables, and an empty value counts as unset (as in most .env tooling).
  const picked: Record<string, string> = {}
  for (const name of Object.keys(EnvSchema.properties)) {
    const value = source[name]
    if (value !== undefined && value !== '') picked[name] = value
  }
  for (const name of ['COOKIE_SECURE', 'TRUST_PROXY', 'RATE_LIMIT', 'REDIS_TLS']) {
    if (picked[name] !== undefined) picked[name] = picked[name].trim().toLowerCase()
  }
  const withDefaults = Value.Default(EnvSchema, picked)
  const [error] = Value.Errors(EnvSchema, withDefaults)
  if (error !== undefined) {
    const name = error.instancePath.slice(1) as keyof Env
    const hint = HINTS[name] ?? (error.keyword === 'pattern' ? describePattern(name) : error.message)
    // A URL or a password is a secret: name the variable, never echo its value.
    const shown = ['REDIS_URL', 'REDIS_PASSWORD', 'REDIS_SENTINEL_PASSWORD'].includes(name) ? '' : `, got "${String(picked[name])}"`
    throw new ConfigError(`${name} must be ${hint}${shown}`)
  }
  return withDefaults as Env
}

function describePattern (name: string): string {
  if (name.startsWith('RATE_LIMIT_')) return '<max>/<duration>, e.g. 20/1m'
  if (name.endsWith('_TTL') || name.endsWith('_GRACE')) return 'a duration: whole seconds, or a number with s, m, h or d'
  return 'a whole number'
}

function readRedisTarget (env: Env): RedisTarget {
  const keyPrefix = env.REDIS_KEY_PREFIX
  const tls = isOn(env.REDIS_TLS)
  const password = env.REDIS_PASSWORD
  // Sentinels commonly share the data password (or have none, and then accept any): a
  // password of their own is for deployments where the two differ.
  const sentinelPassword = env.REDIS_SENTINEL_PASSWORD ?? password
  if (env.REDIS_CLUSTER_NODES !== undefined && env.REDIS_SENTINELS !== undefined) {
    throw new ConfigError('REDIS_CLUSTER_NODES and REDIS_SENTINELS are exclusive: a Redis Cluster does not run under Sentinel')
  }
  if (env.REDIS_CLUSTER_NODES !== undefined) {
    return { kind: 'cluster', nodes: parseHostPorts(env.REDIS_CLUSTER_NODES), keyPrefix, tls, ...(password !== undefined && { password }) }
  }
  if (env.REDIS_SENTINELS !== undefined) {
    if (env.REDIS_SENTINEL_NAME === undefined) throw new ConfigError('REDIS_SENTINEL_NAME is required with REDIS_SENTINELS')
    return {
      kind: 'sentinel',
      sentinels: parseHostPorts(env.REDIS_SENTINELS),
      name: env.REDIS_SENTINEL_NAME,
      keyPrefix,
      tls,
      ...(password !== undefined && { password }),
      ...(sentinelPassword !== undefined && { sentinelPassword })
    }
  }
  if (env.REDIS_URL !== undefined) {
    try {
      void new URL(env.REDIS_URL)
    } catch {
      throw new ConfigError(`REDIS_URL must be ${HINTS.REDIS_URL}, got an unparseable URL`)
    }
    return { kind: 'url', url: env.REDIS_URL, keyPrefix, tls }
  }
  return { kind: 'memory' }
}

function parseHostPorts (text: string): HostPort[] {
  return splitList(text).map((entry) => {
    const colon = entry.lastIndexOf(':')
    return { host: entry.slice(0, colon), port: Number(entry.slice(colon + 1)) }
  })
}

function splitList (text: string | undefined): string[] {
  return (text ?? '').split(',').map((item) => item.trim()).filter((item) => item !== '')
}

function isOn (flag: string): boolean {
  return ['true', '1', 'yes', 'on'].includes(flag)
}
