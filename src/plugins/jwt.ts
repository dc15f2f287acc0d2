import fastifyJwt, { type JWT } from '@fastify/jwt'
import type { FastifyInstance } from 'fastify'

export interface JwtSettings {
  secret: string
  issuer: string
  audience: string
  ttlMs: number
}

const NAMESPACE = 'authgate'

/**
 * Registers @fastify/jwt in authgate's own scope, under a namespace and with our own
 * decorator names, so a host that uses @fastify/jwt itself is not disturbed; returns the
 * signer/verifier. Verification pins HS256, requires the claims API.md names, checks
 * `typ`, and caches verified tokens (fast-jwt's LRU keyed by token).
 */
export async function registerJwt (scope: FastifyInstance, settings: JwtSettings): Promise<JWT> {
  await scope.register(fastifyJwt, {
    secret: settings.secret,
    namespace: NAMESPACE,
    decoratorName: 'authgateAccessClaims',
    jwtVerify: 'authgateJwtVerify',
    jwtSign: 'authgateJwtSign',
    jwtDecode: 'authgateJwtDecode',
    sign: {
      algorithm: 'HS256',
      iss: settings.issuer,
      aud: settings.audience,
      // @fastify/jwt reads a number as seconds (jsonwebtoken's convention); `exp` is whole seconds anyway.
      expiresIn: Math.floor(settings.ttlMs / 1000),
      // fast-jwt honours `typ` although its option types do not list it.
      ...({ typ: 'at+jwt' } as object)
    },
    verify: {
      algorithms: ['HS256'],
      allowedIss: settings.issuer,
      allowedAud: settings.audience,
      requiredClaims: ['exp', 'iss', 'aud', 'sub'],
      checkTyp: 'at+jwt',
      cache: 10_000,
      // Refusals are cached briefly only: a token with a future `nbf` becomes good later.
      errorCacheTTL: 1000
    }
  })
  return (scope.jwt as unknown as Record<string, JWT>)[NAMESPACE]!
}
