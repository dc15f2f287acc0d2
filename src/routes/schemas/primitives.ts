import { Type } from 'typebox'

// Shared building blocks of the route schemas (and so of the OpenAPI document).

// The WHATWG (HTML) definition of a valid email address, with a dotted domain, and
// surrounding spaces allowed because the address is stored trimmed.
const EMAIL_PATTERN = "^\\s*[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+\\s*$"

export const Email = Type.String({ pattern: EMAIL_PATTERN, maxLength: 254, description: 'Unique regardless of case and surrounding spaces', examples: ['ada@example.com'] })
export const Password = Type.String({ minLength: 8, maxLength: 256, examples: ['correct horse battery staple'] })
export const Name = Type.String({ maxLength: 100, examples: ['Ada Lovelace'] })
export const RefreshToken = Type.String({ maxLength: 512, description: 'An opaque refresh token' })
export const IsoDate = Type.String({ format: 'date-time' })

export const ErrorResponse = Type.Object({
  statusCode: Type.Integer(),
  code: Type.String({ description: 'Stable, machine-readable; see docs/errors.md' }),
  error: Type.String(),
  message: Type.String()
}, { description: 'An error' })

export const User = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: Type.Optional(Type.String()),
  role: Type.String(),
  createdAt: IsoDate
})

export const TokenResponse = Type.Object({
  tokenType: Type.Literal('Bearer'),
  accessToken: Type.String(),
  expiresIn: Type.Integer({ description: 'Seconds until the access token expires' }),
  refreshExpiresIn: Type.Integer({ description: 'Seconds until the session ends if not refreshed' }),
  refreshToken: Type.Optional(Type.String({ description: 'Only with the body transport (Token-Transport: body)' })),
  user: Type.Optional(User)
})

export const TokenTransportHeader = Type.Object({
  'token-transport': Type.Optional(Type.String({ description: '`body` to receive the refresh token in the JSON body instead of a cookie' }))
})

export const BearerSecurity: Array<Record<string, string[]>> = [{ bearerAuth: [] }]
// The cookie, or nothing the scheme can name (the body transport).
export const RefreshSecurity: Array<Record<string, string[]>> = [{ refreshCookie: [] }, {}]
