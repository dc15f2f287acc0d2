import type { FastifyRequest } from 'fastify'
import { CrossSiteRequestError } from '../errors.js'

/**
 * A request that relies on the refresh cookie must come from our own origin (or one the
 * operator allowed): SameSite=Strict already keeps the cookie off cross-site requests in
 * current browsers; this is the belt to those braces, for older browsers and same-site
 * but cross-origin pages.
 */
export function createCrossSiteGuard (allowedOrigins: string[]): (request: FastifyRequest) => void {
  const allowed = new Set(allowedOrigins.map((origin) => origin.toLowerCase().replace(/\/+$/, '')))
  return function assertSameOrigin (request) {
    if (request.headers['sec-fetch-site'] === 'cross-site') throw new CrossSiteRequestError()
    const origin = request.headers.origin
    if (origin === undefined) return
    const normalized = origin.toLowerCase()
    if (allowed.has(normalized)) return
    if (originHost(normalized) !== request.host.toLowerCase()) throw new CrossSiteRequestError()
  }
}

// The scheme is not compared: behind a TLS-terminating proxy the service itself sees http.
function originHost (origin: string): string | undefined {
  try {
    return new URL(origin).host
  } catch {
    return undefined // `null` (sandboxed frames, file://) or garbage: never our own
  }
}
