import { Type } from 'typebox'
import { BearerSecurity, ErrorResponse, User } from './schemas/primitives.js'
import type { AuthgateScope, RouteContext } from './context.js'

const unauthorized = { 401: ErrorResponse }

export function profileRoutes (app: AuthgateScope, { accounts, authenticate }: RouteContext): void {
  app.get('/profile', {
    onRequest: authenticate,
    schema: { tags: ['account'], summary: 'The signed-in user', security: BearerSecurity, response: { 200: User, ...unauthorized, 503: ErrorResponse } }
  }, async (request) => await accounts.profile(request.user.sub))

  // For gateways (auth_request, forwardAuth, ext_authz): the token alone, no store.
  app.get('/auth/verify', {
    onRequest: authenticate,
    schema: {
      tags: ['gateway'],
      summary: 'Check an access token; identity in X-Auth-User, X-Auth-Role, X-Auth-Session',
      security: BearerSecurity,
      response: { 204: Type.Null(), ...unauthorized }
    }
  }, (request, reply) => {
    const { sub, role, sid } = request.user
    reply.code(204).header('x-auth-user', sub).header('x-auth-role', role).header('x-auth-session', sid).send(null)
  })
}
