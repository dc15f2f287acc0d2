import { Type } from 'typebox'
import { BearerSecurity, Email, ErrorResponse, Name, Password, RefreshSecurity, RefreshToken, TokenResponse, TokenTransportHeader } from './primitives.js'

const strict = { additionalProperties: false } as const
const errors = (...codes: number[]): Record<number, typeof ErrorResponse> =>
  Object.fromEntries(codes.map((code) => [code, ErrorResponse]))

export const RegisterSchema = {
  tags: ['auth'],
  summary: 'Create an account and sign in',
  headers: TokenTransportHeader,
  body: Type.Object({ email: Email, password: Password, name: Type.Optional(Name) }, strict),
  response: { 201: TokenResponse, ...errors(400, 409, 413, 415, 429, 503) }
}

export const LoginSchema = {
  tags: ['auth'],
  summary: 'Sign in',
  headers: TokenTransportHeader,
  body: Type.Object({ email: Type.String({ maxLength: 254 }), password: Type.String({ maxLength: 256 }) }, strict),
  response: { 200: TokenResponse, ...errors(400, 401, 413, 415, 429, 503) }
}

// Optional in practice: a cookie-only request sends no body (see allowEmptyBody).
const RefreshBody = Type.Object({ refreshToken: Type.Optional(RefreshToken) }, strict)

export const RefreshSchema = {
  tags: ['auth'],
  summary: 'Rotate the refresh token: a new access token and a new refresh token',
  description: 'The refresh token comes from the `refresh_token` cookie or from `{ "refreshToken" }` in the body; the answer uses the same transport.',
  security: RefreshSecurity,
  body: RefreshBody,
  response: { 200: TokenResponse, ...errors(400, 401, 403, 413, 415, 429, 503) }
}

export const LogoutSchema = {
  tags: ['auth'],
  summary: 'End this session and clear the cookie (idempotent)',
  security: RefreshSecurity,
  body: RefreshBody,
  response: { 204: Type.Null(), ...errors(400, 403, 413, 415, 503) }
}

export const PasswordChangeSchema = {
  tags: ['account'],
  summary: 'Change the password: ends every session and signs this client in again',
  security: BearerSecurity,
  headers: TokenTransportHeader,
  body: Type.Object({ currentPassword: Type.String({ maxLength: 256 }), newPassword: Password }, strict),
  response: { 200: TokenResponse, ...errors(400, 401, 413, 415, 503) }
}
