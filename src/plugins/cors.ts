import fastifyCors from '@fastify/cors'
import type { FastifyInstance } from 'fastify'

/**
 * A web app on another origin of the same site (ALLOWED_ORIGINS) can only use the refresh
 * cookie if the browser sees CORS headers that allow credentials: answer preflights and
 * allow exactly those origins. With no allowed origins nothing is registered, and a
 * cross-origin browser call stays impossible.
 */
export async function registerCors (scope: FastifyInstance, allowedOrigins: string[]): Promise<void> {
  if (allowedOrigins.length === 0) return
  await scope.register(fastifyCors, {
    origin: allowedOrigins,
    credentials: true,
    methods: ['GET', 'POST', 'DELETE'],
    allowedHeaders: ['Content-Type', 'Authorization', 'Token-Transport'],
    exposedHeaders: ['Retry-After', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'],
    maxAge: 600
  })
}
