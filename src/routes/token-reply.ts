import type { FastifyReply, FastifyRequest } from 'fastify'
import type { PublicUser } from '../accounts/account-service.js'
import type { TokenPair } from '../sessions/session-service.js'

// How a token pair leaves the server: the refresh token in an HttpOnly cookie (browsers,
// the default) or in the JSON body (mobile and other non-browser clients that ask).

export const REFRESH_COOKIE = 'refresh_token'
export const REFRESH_COOKIE_PATH = '/auth'

export type Transport = 'cookie' | 'body'

export interface TokenReplyOptions {
  cookieSecure: boolean
}

export interface TokenResponseBody {
  tokenType: 'Bearer'
  accessToken: string
  expiresIn: number
  refreshExpiresIn: number
  refreshToken?: string
  user?: PublicUser
}

/** The transport a sign-in asked for with `Token-Transport: body` (case-insensitive). */
export function requestedTransport (request: FastifyRequest): Transport {
  const header = request.headers['token-transport']
  return typeof header === 'string' && header.trim().toLowerCase() === 'body' ? 'body' : 'cookie'
}

// The cookie is written by hand, attribute for attribute in the order API.md gives, so what
// a client or a test reads is the contract to the letter (the value is base64url and dots:
// nothing to escape).
function refreshCookie (value: string, maxAgeSeconds: number, secure: boolean): string {
  return `${REFRESH_COOKIE}=${value}; HttpOnly;${secure ? ' Secure;' : ''} SameSite=Strict; Path=${REFRESH_COOKIE_PATH}; Max-Age=${maxAgeSeconds}`
}

export function createTokenReplies ({ cookieSecure }: TokenReplyOptions): {
  send: (reply: FastifyReply, tokens: TokenPair, transport: Transport, user?: PublicUser) => TokenResponseBody
  clearCookie: (reply: FastifyReply) => void
} {
  return {
    send (reply, tokens, transport, user) {
      reply.header('cache-control', 'no-store').header('pragma', 'no-cache')
      const body: TokenResponseBody = {
        tokenType: 'Bearer',
        accessToken: tokens.accessToken,
        expiresIn: tokens.expiresInSeconds,
        refreshExpiresIn: tokens.refreshExpiresInSeconds
      }
      if (transport === 'body') {
        body.refreshToken = tokens.refreshToken
      } else {
        reply.header('set-cookie', refreshCookie(tokens.refreshToken, tokens.refreshExpiresInSeconds, cookieSecure))
      }
      if (user !== undefined) body.user = user
      return body
    },
    clearCookie (reply) {
      reply.header('set-cookie', refreshCookie('', 0, cookieSecure))
    }
  }
}
