import { Type } from 'typebox'
import { ErrorResponse } from './schemas/primitives.js'
import type { AuthgateScope, RouteContext } from './context.js'

const Status = Type.Object({ status: Type.String() })

export function healthRoutes (app: AuthgateScope, { stores }: RouteContext): void {
  app.get('/healthz', {
    schema: { tags: ['health'], summary: 'The process is up', response: { 200: Status } }
  }, async () => ({ status: 'ok' }))

  app.get('/readyz', {
    schema: { tags: ['health'], summary: 'Ready for traffic: the store answers', response: { 200: Status, 503: ErrorResponse } }
  }, async () => {
    await stores.ping()
    return { status: 'ready' }
  })
}
