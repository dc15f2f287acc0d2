import { LoginSchema, RegisterSchema } from './schemas/auth.js'
import { clientInfo, type AuthgateScope, type RouteContext } from './context.js'
import { requestedTransport } from './token-reply.js'

export function signInRoutes (app: AuthgateScope, { accounts, tokenReplies }: RouteContext): void {
  app.post('/auth/register', { schema: RegisterSchema }, async (request, reply) => {
    const { user, tokens } = await accounts.register(request.body, clientInfo(request))
    return reply.code(201).send(tokenReplies.send(reply, tokens, requestedTransport(request), user))
  })

  app.post('/auth/login', { schema: LoginSchema }, async (request, reply) => {
    const { user, tokens } = await accounts.login(request.body, clientInfo(request))
    return tokenReplies.send(reply, tokens, requestedTransport(request), user)
  })
}
