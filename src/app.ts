import fastifySwagger from '@fastify/swagger'
import fastifySwaggerUi from '@fastify/swagger-ui'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { answerClientError } from './client-error.js'
import type { Config } from './config.js'
import { handleError } from './error-handler.js'
import { RouteNotFoundError } from './errors.js'
import authgate from './plugin.js'
import { createRedisClient, waitUntilReady } from './redis/connect.js'
import { createRedisStores } from './redis/redis-stores.js'
import { createMemoryStores } from './stores/memory-stores.js'
import type { Stores } from './stores/types.js'

export interface BuildAppOptions {
  /** Pino options or an instance; default: the configured level, secrets redacted. */
  logger?: FastifyServerOptions['logger'] | FastifyServerOptions['loggerInstance']
  /** Stores to use instead of the ones the configuration names (left open on close). */
  stores?: Stores
}

// Never let a secret reach a log line, whatever a future serializer adds.
export const REDACT_PATHS = [
  'req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]',
  '*.password', '*.currentPassword', '*.newPassword', '*.refreshToken', '*.accessToken', '*.passwordHash',
  'err.rawPacket'
]

/** The app's pino options: the level, secrets redacted, request URLs without their query. */
export function loggerOptions (level: string): NonNullable<Exclude<FastifyServerOptions['logger'], boolean>> {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: {
      // The path only: a query string may carry something a client should not have sent.
      req: (req: { method: string, url: string, ip?: string }) => ({ method: req.method, url: req.url.split('?')[0], remoteAddress: req.ip })
    }
  }
}

/** The standalone authgate app: OpenAPI docs, the plugin, JSON 404s; not listening yet. */
export async function buildApp (config: Config, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const loggerOption = options.logger ?? loggerOptions(config.logLevel)
  const isInstance = typeof loggerOption === 'object' && loggerOption !== null && 'child' in loggerOption
  const app = Fastify({
    ...(isInstance ? { loggerInstance: loggerOption } : { logger: loggerOption as FastifyServerOptions['logger'] }),
    trustProxy: config.trustProxy,
    bodyLimit: config.plugin.bodyLimit ?? 1_048_576,
    clientErrorHandler: answerClientError,
    // While closing, a request that arrives on an open keep-alive connection is answered
    // (with Connection: close) instead of Fastify's 503 without a code: a gateway's
    // auth_request would turn that 503 into a 500 for its user.
    return503OnClosing: false
  })

  const stores = options.stores ?? await createStores(config, app)
  if (options.stores === undefined) app.addHook('onClose', async () => await stores.close())

  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'authgate', description: 'Token-pair authentication: JWT access tokens, rotating refresh tokens', version: '0.1.0' },
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          refreshCookie: { type: 'apiKey', in: 'cookie', name: 'refresh_token' }
        }
      }
    }
  })
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' })
  await app.register(authgate, { ...config.plugin, stores })

  app.setErrorHandler(handleError)
  app.setNotFoundHandler((request, reply) => {
    handleError(new RouteNotFoundError(request.method, request.url.split('?')[0] ?? ''), request, reply)
  })
  return app
}

async function createStores (config: Config, app: FastifyInstance): Promise<Stores> {
  if (config.redis.kind === 'memory') return createMemoryStores()
  const client = createRedisClient(config.redis)
  // Errors are reported by requests (as 503) and by /readyz; ioredis would otherwise print
  // every reconnection failure as an unhandled 'error' event.
  client.on('error', (error: Error) => app.log.debug({ err: error }, 'redis connection error'))
  if (!await waitUntilReady(client, 2000)) app.log.warn('Redis is not reachable yet; answering 503 until it is')
  return createRedisStores({ client, keyPrefix: config.redis.keyPrefix, ownsClient: true })
}
