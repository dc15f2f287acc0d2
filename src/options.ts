import { randomBytes } from 'node:crypto'
import { parseDurationMs } from './duration.js'
import { parseRateLimitRule, type RateLimitRule } from './rate.js'
import type { Stores } from './stores/types.js'

/** A duration: seconds as a number, or text such as `15m`, `7d`, `1.5s`. */
export type Duration = number | string

/** A rate limit: `{ max, windowMs }`, or text such as `20/1m`. */
export type RateLimitSetting = RateLimitRule | string

/** Options of the authgate plugin. Everything but `stores` has a default. */
export interface AuthgateOptions {
  /** Where users and sessions live; see `createMemoryStores` and `createRedisStores`. */
  stores: Stores
  /** HS256 secret, at least 32 bytes. Omitted: a random one for this process. */
  jwtSecret?: string
  jwtIssuer?: string
  jwtAudience?: string
  accessTokenTtl?: Duration
  refreshTokenTtl?: Duration
  sessionMaxTtl?: Duration
  refreshReuseGrace?: Duration
  cookieSecure?: boolean
  allowedOrigins?: string[]
  rateLimit?: false | {
    login?: RateLimitSetting
    register?: RateLimitSetting
    refresh?: RateLimitSetting
    loginAccount?: RateLimitSetting
  }
  bodyLimit?: number
  argon2?: { memoryKiB?: number, timeCost?: number, parallelism?: number }
}

export interface RateLimits {
  login: RateLimitRule
  register: RateLimitRule
  refresh: RateLimitRule
  loginAccount: RateLimitRule
}

export interface ResolvedOptions {
  stores: Stores
  jwtSecret: string
  jwtSecretGenerated: boolean
  jwtIssuer: string
  jwtAudience: string
  accessTokenTtlMs: number
  refreshTokenTtlMs: number
  sessionMaxTtlMs: number
  refreshReuseGraceMs: number
  cookieSecure: boolean
  allowedOrigins: string[]
  rateLimits: RateLimits | false
  bodyLimit: number
  argon2: { memoryKiB: number, timeCost: number, parallelism: number }
}

export const DEFAULTS = {
  jwtIssuer: 'authgate',
  jwtAudience: 'authgate',
  accessTokenTtl: '15m',
  refreshTokenTtl: '7d',
  sessionMaxTtl: '30d',
  refreshReuseGrace: '10s',
  rateLimit: { login: '20/1m', register: '10/1m', refresh: '120/1m', loginAccount: '10/15m' },
  bodyLimit: 1_048_576,
  argon2: { memoryKiB: 19_456, timeCost: 2, parallelism: 1 }
} as const

export const MIN_JWT_SECRET_BYTES = 32

/** Fills in defaults and validates; throws an error naming the option at fault. */
export function resolveOptions (options: AuthgateOptions): ResolvedOptions {
  if (options.stores === undefined) throw new Error('authgate: option "stores" is required')
  const secret = options.jwtSecret
  if (secret !== undefined && Buffer.byteLength(secret) < MIN_JWT_SECRET_BYTES) {
    throw new Error(`authgate: option "jwtSecret" must be at least ${MIN_JWT_SECRET_BYTES} bytes`)
  }
  const accessTokenTtlMs = positiveDuration('accessTokenTtl', options.accessTokenTtl ?? DEFAULTS.accessTokenTtl)
  const refreshTokenTtlMs = positiveDuration('refreshTokenTtl', options.refreshTokenTtl ?? DEFAULTS.refreshTokenTtl)
  const sessionMaxTtlMs = positiveDuration('sessionMaxTtl', options.sessionMaxTtl ?? DEFAULTS.sessionMaxTtl)
  const argon2 = { ...DEFAULTS.argon2, ...options.argon2 }
  for (const [name, value] of Object.entries(argon2)) positiveInteger(`argon2.${name}`, value)
  return {
    stores: options.stores,
    jwtSecret: secret ?? randomBytes(MIN_JWT_SECRET_BYTES).toString('base64url'),
    jwtSecretGenerated: secret === undefined,
    jwtIssuer: options.jwtIssuer ?? DEFAULTS.jwtIssuer,
    jwtAudience: options.jwtAudience ?? DEFAULTS.jwtAudience,
    accessTokenTtlMs,
    refreshTokenTtlMs,
    sessionMaxTtlMs,
    refreshReuseGraceMs: duration('refreshReuseGrace', options.refreshReuseGrace ?? DEFAULTS.refreshReuseGrace),
    cookieSecure: options.cookieSecure ?? true,
    allowedOrigins: options.allowedOrigins ?? [],
    rateLimits: options.rateLimit === false ? false : resolveRateLimits(options.rateLimit ?? {}),
    bodyLimit: positiveInteger('bodyLimit', options.bodyLimit ?? DEFAULTS.bodyLimit),
    argon2
  }
}

function resolveRateLimits (given: Exclude<AuthgateOptions['rateLimit'], false | undefined>): RateLimits {
  const rule = (name: keyof RateLimits): RateLimitRule => {
    const value = given[name] ?? DEFAULTS.rateLimit[name]
    const parsed = typeof value === 'string' ? parseRateLimitRule(value) : value
    if (parsed === undefined || !(parsed.max > 0) || !(parsed.windowMs > 0)) {
      throw new Error(`authgate: option "rateLimit.${name}" must look like 20/1m`)
    }
    return parsed
  }
  return { login: rule('login'), register: rule('register'), refresh: rule('refresh'), loginAccount: rule('loginAccount') }
}

function duration (name: string, value: Duration): number {
  const ms = typeof value === 'number' ? value * 1000 : parseDurationMs(value)
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) {
    throw new Error(`authgate: option "${name}" must be a duration such as 900, 15m or 7d`)
  }
  return Math.round(ms)
}

function positiveDuration (name: string, value: Duration): number {
  const ms = duration(name, value)
  if (ms < 1000) throw new Error(`authgate: option "${name}" must be at least one second`)
  return ms
}

function positiveInteger (name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`authgate: option "${name}" must be a positive integer`)
  return value
}
