import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { AccountService } from '../accounts/account-service.js'
import type { Authenticate } from '../authenticate.js'
import type { RateLimiting } from '../plugins/rate-limit.js'
import type { ClientInfo, SessionService } from '../sessions/session-service.js'
import type { Stores } from '../stores/types.js'
import type { createTokenReplies } from './token-reply.js'

/** What every route module gets: the services, never a store client or a crypto primitive. */
export interface RouteContext {
  accounts: AccountService
  sessions: SessionService
  stores: Pick<Stores, 'ping'>
  authenticate: Authenticate
  tokenReplies: ReturnType<typeof createTokenReplies>
  rateLimiting: RateLimiting
}

export type AuthgateScope = FastifyInstance<any, any, any, any, TypeBoxTypeProvider>

export function clientInfo (request: FastifyRequest): ClientInfo {
  const userAgent = request.headers['user-agent']
  return { ...(userAgent !== undefined && { userAgent }), ip: request.ip }
}
