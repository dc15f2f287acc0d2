import { Type } from 'typebox'
import { BearerSecurity, ErrorResponse, IsoDate } from './primitives.js'

export const Session = Type.Object({
  id: Type.String({ description: 'The session id: the `sid` claim of its access tokens' }),
  createdAt: IsoDate,
  lastUsedAt: IsoDate,
  expiresAt: IsoDate,
  userAgent: Type.Optional(Type.String()),
  ip: Type.Optional(Type.String()),
  current: Type.Boolean({ description: 'The session of the access token that asked' })
})

export const ListSessionsSchema = {
  tags: ['sessions'],
  summary: "The user's live sessions",
  security: BearerSecurity,
  response: { 200: Type.Object({ sessions: Type.Array(Session) }), 401: ErrorResponse, 503: ErrorResponse }
}

export const RevokeSessionSchema = {
  tags: ['sessions'],
  summary: "End one of the user's sessions",
  security: BearerSecurity,
  params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
  response: { 204: Type.Null(), 400: ErrorResponse, 401: ErrorResponse, 404: ErrorResponse, 503: ErrorResponse }
}

export const LogoutAllSchema = {
  tags: ['sessions'],
  summary: 'End every session of the user',
  security: BearerSecurity,
  response: { 204: Type.Null(), 401: ErrorResponse, 503: ErrorResponse }
}
