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
    // Node joins a repeated header with commas: any cross-site value counts.
    const site = request.headers['sec-fetch-site']
    if (site !== undefined && site.split(',').some((value) => value.trim() === 'cross-site')) throw new CrossSiteRequestError()
    const origin = request.headers.origin
    if (origin === undefined) return
    const normalized = origin.toLowerCase()
    if (allowed.has(normalized)) return
    if (originHost(normalized) !== withoutDefaultPort(request.host.toLowerCase())) throw new CrossSiteRequestError()
  }
}

// The scheme is not compared: behind a TLS-terminating proxy the service itself sees http.
function originHost (origin: string): string | undefined {
  try {
    return withoutDefaultPort(new URL(origin).host)
  } catch {
    return undefined // `null` (sandboxed frames, file://) or garbage: never our own
  }
}

// `Host: example.com:443` from a proxy is the origin `https://example.com`.
function withoutDefaultPort (host: string): string {
  return host.replace(/:(80|443)$/, '')
}
