import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify'
import { AccessTokenMissingError } from './errors.js'
import type { AccessTokens } from './tokens/access-token.js'

export type Authenticate = (request: FastifyRequest, reply: FastifyReply, done?: HookHandlerDoneFunction) => void

const CHALLENGE = 'Bearer'
const INVALID_TOKEN_CHALLENGE = 'Bearer error="invalid_token"'

/**
 * The `authenticate` hook: one JWT verify, no store, no await. Sets `request.user` to the
 * token's claims, or answers 401 with the WWW-Authenticate challenge of RFC 6750.
 * Use it as `onRequest: app.authenticate`, or call it from a handler without `done`
 * (then it throws).
 */
export function createAuthenticate (accessTokens: AccessTokens): Authenticate {
  return function authenticate (request, reply, done) {
    try {
      request.user = accessTokens.verify(bearerToken(request))
    } catch (error) {
      reply.header('www-authenticate', error instanceof AccessTokenMissingError ? CHALLENGE : INVALID_TOKEN_CHALLENGE)
      if (done === undefined) throw error
      done(error as Error)
      return
    }
    done?.()
  }
}

function bearerToken (request: FastifyRequest): string {
  const header = request.headers.authorization
  if (header === undefined || header === '') throw new AccessTokenMissingError()
  // RFC 6750: the scheme is case-insensitive, one or more spaces, then the token.
  if (header.length < 8 || header.slice(0, 7).toLowerCase() !== 'bearer ') {
    throw new AccessTokenMissingError()
  }
  const token = header.slice(7).trim()
  if (token === '') throw new AccessTokenMissingError()
  return token
}
