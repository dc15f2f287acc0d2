import Fastify, { type FastifyInstance, type InjectOptions, type LightMyRequestResponse } from 'fastify'
import type { Test } from 'tap'
import authgate from '../../src/index.js'
import { createRedisClient } from '../../src/redis/connect.js'
import { createRedisStores } from '../../src/redis/redis-stores.js'
import type { Stores } from '../../src/stores/types.js'
import { TEST_JWT_SECRET } from './build.js'
import { bearer, PASSWORD, uniqueEmail } from './flows.js'
import { uniquePrefix } from './redis.js'

// Shared by the store outage tests: what needs the store, how long a refusal may take.

/** Generous: FAIL_FAST answers in about a second (command timeout); this is the contract's bound. */
export const OUTAGE_ANSWER_BOUND_MS = 2500

export interface Account { email: string, accessToken: string, refreshToken: string }

/** One request to every endpoint that needs the store, as `account` would send it. */
export function storeRequests (account: Account): Record<string, InjectOptions> {
  const auth = bearer(account.accessToken)
  return {
    register: { method: 'POST', url: '/auth/register', payload: { email: uniqueEmail(), password: PASSWORD } },
    login: { method: 'POST', url: '/auth/login', payload: { email: account.email, password: PASSWORD } },
    'refresh (body)': { method: 'POST', url: '/auth/refresh', payload: { refreshToken: account.refreshToken } },
    'refresh (cookie)': { method: 'POST', url: '/auth/refresh', cookies: { refresh_token: account.refreshToken } },
    logout: { method: 'POST', url: '/auth/logout', payload: { refreshToken: account.refreshToken } },
    'logout-all': { method: 'POST', url: '/auth/logout-all', headers: auth },
    sessions: { method: 'GET', url: '/auth/sessions', headers: auth },
    'revoke a session': { method: 'DELETE', url: '/auth/sessions/AAAAAAAAAAAAAAAAAAAAAA', headers: auth },
    'password change': { method: 'POST', url: '/auth/password', headers: auth, payload: { currentPassword: PASSWORD, newPassword: 'a new password' } },
    profile: { method: 'GET', url: '/profile', headers: auth },
    readyz: { method: 'GET', url: '/readyz' }
  }
}

export interface Timed { response: LightMyRequestResponse, elapsedMs: number }

export async function timed (app: FastifyInstance, request: InjectOptions): Promise<Timed> {
  const started = performance.now()
  const response = await app.inject(request)
  return { response, elapsedMs: performance.now() - started }
}

/** 503 STORE_UNAVAILABLE with Retry-After, in time, and the refresh cookie left alone. */
export function assertUnavailable (t: Test, { response, elapsedMs }: Timed, label: string): void {
  t.equal(response.statusCode, 503, `${label}: 503`)
  t.equal(response.json().code, 'STORE_UNAVAILABLE', `${label}: code`)
  t.equal(response.headers['retry-after'], '1', `${label}: Retry-After`)
  t.ok(elapsedMs < OUTAGE_ANSWER_BOUND_MS, `${label}: answered in ${Math.round(elapsedMs)} ms`)
  t.notOk(response.cookies.some((c) => c.name === 'refresh_token'), `${label}: cookie left alone`)
}

/**
 * Redis stores whose client's connection errors are expected (as src/app.ts does, which
 * logs them), so ioredis does not print each failed reconnection; closed when `t` ends.
 */
export function expectingOutageStores (t: Test, redisUrl: string): Stores {
  const keyPrefix = uniquePrefix()
  const client = createRedisClient({ kind: 'url', url: redisUrl, keyPrefix })
  client.on('error', () => {})
  const stores = createRedisStores({ client, keyPrefix, ownsClient: true })
  t.teardown(async () => { await stores.close() })
  return stores
}

/** A host app on the same Redis whose own route only verifies the access token. */
export async function buildHostApp (t: Test, redisUrl: string): Promise<FastifyInstance> {
  const stores = expectingOutageStores(t, redisUrl)
  const host = Fastify()
  await host.register(authgate, { stores, jwtSecret: TEST_JWT_SECRET, rateLimit: false })
  host.get('/orders', { onRequest: host.authenticate }, async (request) => ({ owner: request.user.sub }))
  t.teardown(async () => { await host.close() })
  await host.ready()
  return host
}

/** Polls `/readyz` until it answers 200 or `deadlineMs` passes; returns how long it took, or null. */
export async function waitUntilReady (app: FastifyInstance, deadlineMs: number): Promise<number | null> {
  const started = performance.now()
  while (performance.now() - started < deadlineMs) {
    if ((await app.inject({ method: 'GET', url: '/readyz' })).statusCode === 200) return performance.now() - started
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return null
}
