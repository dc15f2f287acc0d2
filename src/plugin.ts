import fastifyCookie from '@fastify/cookie'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { createAccountService } from './accounts/account-service.js'
import { createPasswordHasher } from './accounts/password.js'
import { createAuthenticate, type Authenticate } from './authenticate.js'
import { handleError } from './error-handler.js'
import { RefreshTokenInQueryError } from './errors.js'
import { resolveOptions, type AuthgateOptions } from './options.js'
import { registerCors } from './plugins/cors.js'
import { registerJwt } from './plugins/jwt.js'
import { registerRateLimiting } from './plugins/rate-limit.js'
import { configureRequestParsing } from './plugins/request-parsing.js'
import type { RouteContext } from './routes/context.js'
import { createCrossSiteGuard } from './routes/cross-site-guard.js'
import { healthRoutes } from './routes/health-routes.js'
import { profileRoutes } from './routes/profile-routes.js'
import { refreshRoutes } from './routes/refresh-routes.js'
import { sessionRoutes } from './routes/session-routes.js'
import { signInRoutes } from './routes/sign-in-routes.js'
import { createTokenReplies, REFRESH_COOKIE } from './routes/token-reply.js'
import { createSessionService } from './sessions/session-service.js'
import type { AccessClaims } from './tokens/access-token.js'
import { createAccessTokens } from './tokens/access-token.js'
import { createSuccessorDeriver } from './tokens/refresh-token.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** Verifies the bearer access token (no store involved) and sets `request.user`. */
    authenticate: Authenticate
  }
}

declare module '@fastify/jwt' {
  interface FastifyJWT {
    user: AccessClaims
  }
}

// The composition root. The host sees only `authenticate` and `request.user`; cookies,
// JWT, parsers and the error handler live in authgate's own encapsulated scope.
async function authgate (app: FastifyInstance, options: AuthgateOptions): Promise<void> {
  const settings = resolveOptions(options)
  if (settings.jwtSecretGenerated) {
    app.log.warn('JWT_SECRET is not set: using a random secret for this process; tokens will not survive a restart')
  }
  if (settings.stores.kind === 'memory') {
    app.log.warn('REDIS_URL is not set: users and sessions live in this process only (development mode)')
  }
  if (!app.hasRequestDecorator('user')) app.decorateRequest('user', null as unknown as AccessClaims)

  await app.register(async function authgateScope (scope) {
    configureRequestParsing(scope, settings)
    scope.setErrorHandler(handleError)
    if (!scope.hasRequestDecorator('cookies')) await scope.register(fastifyCookie)
    await registerCors(scope, settings.allowedOrigins)
    const jwt = await registerJwt(scope, {
      secret: settings.jwtSecret,
      issuer: settings.jwtIssuer,
      audience: settings.jwtAudience,
      ttlMs: settings.accessTokenTtlMs
    })
    const rateLimiting = await registerRateLimiting(scope, settings.rateLimits, settings.stores)
    const accessTokens = createAccessTokens(jwt, settings.accessTokenTtlMs)
    const authenticate = createAuthenticate(accessTokens)
    app.decorate('authenticate', authenticate)

    const sessions = createSessionService({
      store: settings.stores.sessions,
      accessTokens,
      successors: createSuccessorDeriver(settings.jwtSecret),
      lifetimes: { idleTtlMs: settings.refreshTokenTtlMs, maxTtlMs: settings.sessionMaxTtlMs, graceMs: settings.refreshReuseGraceMs }
    })
    const passwords = createPasswordHasher(settings.argon2)
    scope.addHook('onClose', async () => { await passwords.close() })
    const context: RouteContext = {
      accounts: createAccountService({
        users: settings.stores.users,
        sessions,
        passwords,
        log: app.log
      }),
      sessions,
      stores: settings.stores,
      authenticate,
      tokenReplies: createTokenReplies(settings),
      rateLimiting
    }

    // Every request in our scope, /auth/verify included, passes these two checks: one
    // synchronous hook, so the hot path pays no promise for them. Any request that carries
    // the refresh cookie must come from our own origin.
    const assertSameOrigin = createCrossSiteGuard(settings.allowedOrigins)
    scope.addHook('onRequest', (request, _reply, done) => {
      try {
        refuseRefreshTokenInQuery(request)
        if (request.cookies[REFRESH_COOKIE] !== undefined) assertSameOrigin(request)
      } catch (error) {
        done(error as Error)
        return
      }
      done()
    })
    const routes = scope.withTypeProvider<TypeBoxTypeProvider>()
    for (const register of [signInRoutes, refreshRoutes, sessionRoutes, profileRoutes, healthRoutes]) register(routes, context)
  })
}

// A token in a URL ends up in access logs, proxies and browser history: refuse it loudly.
const QUERY_TOKEN_NAMES = ['refreshToken', 'refresh_token']
function refuseRefreshTokenInQuery (request: FastifyRequest): void {
  const query = request.query as Record<string, unknown> | undefined
  if (query !== undefined && QUERY_TOKEN_NAMES.some((name) => Object.hasOwn(query, name))) {
    throw new RefreshTokenInQueryError()
  }
}

export default fp(authgate, { name: 'authgate', fastify: '5.x' })
