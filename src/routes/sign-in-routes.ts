import { InvalidCredentialsError } from '../errors.js'
import { LoginSchema, RegisterSchema } from './schemas/auth.js'
import { clientInfo, type AuthgateScope, type RouteContext } from './context.js'
import { requestedTransport } from './token-reply.js'

export function signInRoutes (app: AuthgateScope, { accounts, tokenReplies, rateLimiting }: RouteContext): void {
  const { routeConfig, loginFailures } = rateLimiting

  // A taken email answers 409, so register is limited like login: no cheap enumeration.
  app.post('/auth/register', { schema: RegisterSchema, config: routeConfig.register }, async (request, reply) => {
    const { user, tokens } = await accounts.register(request.body, clientInfo(request))
    return reply.code(201).send(tokenReplies.send(reply, tokens, requestedTransport(request), user))
  })

  app.post('/auth/login', { schema: LoginSchema, config: routeConfig.login }, async (request, reply) => {
    await loginFailures.assertAllowed(request, reply)
    try {
      const { user, tokens } = await accounts.login(request.body, clientInfo(request))
      return tokenReplies.send(reply, tokens, requestedTransport(request), user)
    } catch (error) {
      if (error instanceof InvalidCredentialsError) await loginFailures.recordFailure(request)
      throw error
    }
  })
}
