import { randomUUID } from 'node:crypto'
import type { JWT } from '@fastify/jwt'
import { AccessTokenExpiredError, AccessTokenInvalidError } from '../errors.js'

/** The claims of an authgate access token, as `request.user` carries them. */
export interface AccessClaims {
  iss: string
  aud: string
  sub: string
  sid: string
  role: string
  iat: number
  exp: number
  jti: string
  nbf?: number
}

export interface SignedAccessToken {
  accessToken: string
  expiresInSeconds: number
}

export interface AccessTokens {
  sign: (subject: { userId: string, sessionId: string, role: string }) => SignedAccessToken
  /** The claims of a valid token; throws ACCESS_TOKEN_INVALID / _EXPIRED otherwise. */
  verify: (token: string) => AccessClaims
}

// Longer than any token we sign by far, short enough that nobody makes us HMAC a megabyte.
const MAX_TOKEN_LENGTH = 4096

const EXPIRED = 'FAST_JWT_EXPIRED'

export function createAccessTokens (jwt: JWT, ttlMs: number): AccessTokens {
  const expiresInSeconds = Math.floor(ttlMs / 1000)
  return {
    sign ({ userId, sessionId, role }) {
      return { accessToken: jwt.sign({ sub: userId, sid: sessionId, role, jti: randomUUID() }), expiresInSeconds }
    },
    verify (token) {
      if (token.length > MAX_TOKEN_LENGTH) throw new AccessTokenInvalidError()
      let claims: unknown
      try {
        claims = jwt.verify(token)
      } catch (error) {
        // Whatever fast-jwt (or anything under it) says, a refused token is a 401.
        const code = (error as { code?: unknown }).code
        throw code === EXPIRED ? new AccessTokenExpiredError({ cause: error }) : new AccessTokenInvalidError({ cause: error })
      }
      if (!hasAuthgateClaims(claims)) throw new AccessTokenInvalidError()
      return claims
    }
  }
}

function hasAuthgateClaims (claims: unknown): claims is AccessClaims {
  const c = claims as Partial<AccessClaims>
  return typeof c.sub === 'string' && c.sub !== '' && typeof c.sid === 'string' && typeof c.role === 'string'
}
