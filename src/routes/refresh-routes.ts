import type { FastifyReply, FastifyRequest } from 'fastify'
import { allowEmptyBody } from '../plugins/request-parsing.js'
import { LogoutSchema, RefreshSchema } from './schemas/auth.js'
import type { AuthgateScope, RouteContext } from './context.js'
import { REFRESH_COOKIE, type Transport } from './token-reply.js'

interface PresentedToken {
  token: string | undefined
  transport: Transport
}

export function refreshRoutes (app: AuthgateScope, { sessions, tokenReplies, rateLimiting }: RouteContext): void {
  // The token comes in the body (mobile) or the cookie (browsers). A request with the
  // cookie has already passed the same-origin guard (plugin.ts).
  function presentedToken (request: FastifyRequest, body: { refreshToken?: string }): PresentedToken {
    const fromBody = body.refreshToken
    if (fromBody !== undefined) return { token: fromBody, transport: 'body' }
    return { token: request.cookies[REFRESH_COOKIE], transport: 'cookie' }
  }

  app.post('/auth/refresh', { schema: RefreshSchema, preValidation: allowEmptyBody, config: rateLimiting.routeConfig.refresh }, async (request, reply) => {
    const { token, transport } = presentedToken(request, request.body)
    try {
      return tokenReplies.send(reply, await sessions.rotate(token), transport)
    } catch (error) {
      clearRefusedCookie(reply, transport, error)
      throw error
    }
  })

  app.post('/auth/logout', { schema: LogoutSchema, preValidation: allowEmptyBody }, async (request, reply) => {
    const { token, transport } = presentedToken(request, request.body)
    await sessions.endSession(token)
    if (transport === 'cookie') tokenReplies.clearCookie(reply)
    return reply.code(204).send(null)
  })

  // A cookie the server refused with 401 is useless: drop it. 403, 429 and 503 say
  // nothing about the token, so it stays.
  function clearRefusedCookie (reply: FastifyReply, transport: Transport, error: unknown): void {
    if (transport === 'cookie' && (error as { statusCode?: number }).statusCode === 401) tokenReplies.clearCookie(reply)
  }
}
