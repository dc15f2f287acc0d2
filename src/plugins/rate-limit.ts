import fastifyRateLimit from '@fastify/rate-limit'
// @ts-expect-error: the store ships without types; its interface is the plugin's documented store API
import RedisStore from '@fastify/rate-limit/store/RedisStore.js'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { normalizeEmail } from '../accounts/account-service.js'
import { RateLimitedError, StoreUnavailableError } from '../errors.js'
import type { RateLimits } from '../options.js'
import type { RateLimitRule } from '../rate.js'
import type { Stores } from '../stores/types.js'

// @fastify/rate-limit, with its counters in the same store as the sessions (so limits hold
// across instances) and a store failure answered as 503 STORE_UNAVAILABLE: a limiter that
// cannot count must neither 500 nor wave everything through.

type RouteConfig = { rateLimit: { max: number, timeWindow: number } } | undefined

export interface RateLimiting {
  /** Route configs of the per-address limits (undefined: not limited). */
  routeConfig: { login: RouteConfig, register: RouteConfig, refresh: RouteConfig }
  /** Failed logins per account (the login body's email): refuse once over, count each failure. */
  loginFailures: {
    assertAllowed: (request: FastifyRequest, reply: FastifyReply) => Promise<void>
    recordFailure: (request: FastifyRequest) => Promise<void>
  }
}

type Callback = (error: Error | null, result?: { current: number, ttl: number }) => void
interface CounterStore {
  incr: (key: string, callback: Callback, timeWindow: number, max: number) => void
  read: (key: string, callback: Callback, timeWindow: number, max: number) => void
  child: (routeOptions: unknown) => CounterStore
}

function failingAsUnavailable (inner: CounterStore): CounterStore {
  const guard = (callback: Callback): Callback => (error, result) =>
    error === null ? callback(null, result) : callback(new StoreUnavailableError({ cause: error }))
  return {
    incr: (key, callback, timeWindow, max) => inner.incr(key, guard(callback), timeWindow, max),
    read: (key, callback, timeWindow, max) => inner.read(key, guard(callback), timeWindow, max),
    child: (routeOptions) => failingAsUnavailable(inner.child(routeOptions))
  }
}

// The plugin instantiates `store` with its own parameters; ours answers with a guarded RedisStore.
function redisCounterStore ({ client, keyPrefix }: NonNullable<Stores['redis']>): never {
  return class {
    constructor (params: { continueExceeding: boolean, exponentialBackoff: boolean }) {
      return failingAsUnavailable(new RedisStore(params.continueExceeding, params.exponentialBackoff, client, `${keyPrefix}rate:`) as CounterStore)
    }
  } as never
}

const NO_LIMITS: RateLimiting = {
  routeConfig: { login: undefined, register: undefined, refresh: undefined },
  loginFailures: { assertAllowed: async () => {}, recordFailure: async () => {} }
}

export async function registerRateLimiting (scope: FastifyInstance, limits: RateLimits | false, stores: Stores): Promise<RateLimiting> {
  if (limits === false) return NO_LIMITS
  await scope.register(fastifyRateLimit, {
    global: false,
    ...(stores.redis !== undefined && { store: redisCounterStore(stores.redis) }),
    errorResponseBuilder: (_request, context) => new RateLimitedError(context.after)
  })

  // Per account and address, and ten times as many per account from everywhere: an
  // attacker elsewhere can slow the owner down but not lock them out with a few tries.
  const account = limits.loginAccount
  const emailOf = (request: FastifyRequest): string => normalizeEmail((request.body as { email: string }).email)
  const counters = [
    { max: account.max, key: (request: FastifyRequest) => `login-failures:${emailOf(request)}:${request.ip}` },
    { max: account.max * 10, key: (request: FastifyRequest) => `login-failures:${emailOf(request)}` }
  ].map(({ max, key }) => scope.createRateLimit({ max, timeWindow: account.windowMs, keyGenerator: key }))
  const perAddress = (rule: RateLimitRule): RouteConfig => ({ rateLimit: { max: rule.max, timeWindow: rule.windowMs } })

  return {
    routeConfig: { login: perAddress(limits.login), register: perAddress(limits.register), refresh: perAddress(limits.refresh) },
    loginFailures: {
      async assertAllowed (request, reply) {
        for (const counter of counters) {
          const state = await counter(request, { increment: false })
          if (!state.isAllowed && state.remaining === 0) {
            reply.header('x-ratelimit-limit', state.max).header('x-ratelimit-remaining', 0)
              .header('x-ratelimit-reset', state.ttlInSeconds).header('retry-after', state.ttlInSeconds)
            throw new RateLimitedError(`${state.ttlInSeconds} seconds`)
          }
        }
      },
      async recordFailure (request) {
        for (const counter of counters) await counter(request)
      }
    }
  }
}
