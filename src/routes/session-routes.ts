import { LogoutAllSchema, ListSessionsSchema, RevokeSessionSchema } from './schemas/sessions.js'
import { PasswordChangeSchema } from './schemas/auth.js'
import { clientInfo, type AuthgateScope, type RouteContext } from './context.js'
import { requestedTransport } from './token-reply.js'

// Everything a signed-in user does to their own sessions, with an access token.
export function sessionRoutes (app: AuthgateScope, { accounts, sessions, authenticate, tokenReplies }: RouteContext): void {
  app.post('/auth/logout-all', { onRequest: authenticate, schema: LogoutAllSchema }, async (request, reply) => {
    await sessions.endAllSessions(request.user.sub)
    return reply.code(204).send(null)
  })

  app.get('/auth/sessions', { onRequest: authenticate, schema: ListSessionsSchema }, async (request) => {
    const { sub, sid } = request.user
    const live = await sessions.listSessions(sub)
    return {
      sessions: live.map((s) => ({
        id: s.sessionId,
        createdAt: new Date(s.createdAtMs).toISOString(),
        lastUsedAt: new Date(s.lastUsedAtMs).toISOString(),
        expiresAt: new Date(s.expiresAtMs).toISOString(),
        ...(s.userAgent !== undefined && { userAgent: s.userAgent }),
        ...(s.ip !== undefined && { ip: s.ip }),
        current: s.sessionId === sid
      }))
    }
  })

  app.delete('/auth/sessions/:id', { onRequest: authenticate, schema: RevokeSessionSchema }, async (request, reply) => {
    await sessions.endSessionById(request.user.sub, request.params.id)
    return reply.code(204).send(null)
  })

  app.post('/auth/password', { onRequest: authenticate, schema: PasswordChangeSchema }, async (request, reply) => {
    const { user, tokens } = await accounts.changePassword(request.user.sub, request.body, clientInfo(request))
    return tokenReplies.send(reply, tokens, requestedTransport(request), user)
  })
}
