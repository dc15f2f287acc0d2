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

export function createTokenReplies ({ cookieSecure }: TokenReplyOptions): {
  send: (reply: FastifyReply, tokens: TokenPair, transport: Transport, user?: PublicUser) => TokenResponseBody
  clearCookie: (reply: FastifyReply) => void
} {
  const cookieOptions = { httpOnly: true, secure: cookieSecure, sameSite: 'strict', path: REFRESH_COOKIE_PATH } as const
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
        reply.setCookie(REFRESH_COOKIE, tokens.refreshToken, { ...cookieOptions, maxAge: tokens.refreshExpiresInSeconds })
      }
      if (user !== undefined) body.user = user
      return body
    },
    clearCookie (reply) {
      reply.clearCookie(REFRESH_COOKIE, cookieOptions)
    }
  }
}
