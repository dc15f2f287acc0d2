import type { LightMyRequestResponse } from 'fastify'
import type { Test } from 'tap'

// Shared by the hostile-input tests: the endpoints, and what every error must look like.

export interface Endpoint {
  method: 'GET' | 'POST' | 'DELETE'
  url: string
  /** Needs an access token to get past `authenticate`. */
  auth: boolean
  /** Reads a JSON body. */
  body: boolean
}

export const ENDPOINTS: Endpoint[] = [
  { method: 'POST', url: '/auth/register', auth: false, body: true },
  { method: 'POST', url: '/auth/login', auth: false, body: true },
  { method: 'POST', url: '/auth/refresh', auth: false, body: true },
  { method: 'POST', url: '/auth/logout', auth: false, body: true },
  { method: 'POST', url: '/auth/password', auth: true, body: true },
  { method: 'POST', url: '/auth/logout-all', auth: true, body: false },
  { method: 'GET', url: '/auth/sessions', auth: true, body: false },
  { method: 'DELETE', url: '/auth/sessions/AAAAAAAAAAAAAAAAAAAAAA', auth: true, body: false },
  { method: 'GET', url: '/profile', auth: true, body: false },
  { method: 'GET', url: '/auth/verify', auth: true, body: false },
  { method: 'GET', url: '/healthz', auth: false, body: false },
  { method: 'GET', url: '/readyz', auth: false, body: false }
]

export const ERROR_KEYS = ['code', 'error', 'message', 'statusCode']

/** Why a response breaks the contract (a 5xx, or an error body of another shape), or null. */
export function contractBreach (response: LightMyRequestResponse): string | null {
  if (response.statusCode >= 500) return `a ${response.statusCode}: ${response.body}`
  if (response.statusCode < 400) return null
  let body: Record<string, unknown>
  try {
    body = response.json()
  } catch {
    return `a ${response.statusCode} whose body is not JSON: ${response.body}`
  }
  const keys = Object.keys(body ?? {}).sort()
  if (keys.join() !== ERROR_KEYS.join()) return `error keys ${keys.join()}: ${response.body}`
  if (body.statusCode !== response.statusCode) return `statusCode ${String(body.statusCode)} in a ${response.statusCode}`
  if (typeof body.code !== 'string' || !/^[A-Z][A-Z0-9_]+$/.test(body.code)) return `code ${String(body.code)}`
  if (typeof body.error !== 'string' || typeof body.message !== 'string') return `error/message not strings: ${response.body}`
  return null
}

/** Asserts a 4xx with the contract's error shape and, when given, the code. */
export function assertRefused (t: Test, response: LightMyRequestResponse, expected: { status?: number, code?: string }, label: string): void {
  t.equal(contractBreach(response), null, `${label}: well-formed`)
  t.ok(response.statusCode >= 400 && response.statusCode < 500, `${label}: a 4xx (got ${response.statusCode})`)
  if (expected.status !== undefined) t.equal(response.statusCode, expected.status, `${label}: status`)
  if (expected.code !== undefined) t.equal(response.json().code, expected.code, `${label}: code`)
}

const PROTOTYPE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype))

/** Object.prototype has no property it did not have when the process started. */
export function prototypeIsClean (): boolean {
  const probe = {} as Record<string, unknown>
  return Object.getOwnPropertyNames(Object.prototype).every((name) => PROTOTYPE_NAMES.has(name)) &&
    probe.polluted === undefined && probe.role === undefined && probe.admin === undefined
}
