import { randomBytes } from 'node:crypto'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'

// Client-side steps of the token-pair flows, through app.inject.

export const PASSWORD = 'correct horse battery staple'

export function uniqueEmail (): string {
  return `user-${randomBytes(5).toString('hex')}@example.com`
}

export interface SignedIn {
  response: LightMyRequestResponse
  userId: string
  accessToken: string
  refreshToken: string
}

type Transport = 'cookie' | 'body'

/** The refresh token of a sign-in response, whichever transport carried it. */
export function refreshTokenOf (response: LightMyRequestResponse): string {
  const body = response.json() as { refreshToken?: string }
  if (body.refreshToken !== undefined) return body.refreshToken
  const cookie = response.cookies.find((c) => c.name === 'refresh_token')
  if (cookie === undefined) throw new Error(`no refresh token in the response (${response.statusCode} ${response.body})`)
  return cookie.value
}

export async function register (app: FastifyInstance, options: { email?: string, password?: string, name?: string, transport?: Transport } = {}): Promise<SignedIn & { email: string }> {
  const email = options.email ?? uniqueEmail()
  const response = await app.inject({
    method: 'POST',
    url: '/auth/register',
    headers: options.transport === 'body' ? { 'token-transport': 'body' } : {},
    payload: { email, password: options.password ?? PASSWORD, ...(options.name !== undefined && { name: options.name }) }
  })
  if (response.statusCode !== 201) throw new Error(`register failed: ${response.statusCode} ${response.body}`)
  return { ...signedIn(response), email }
}

export async function login (app: FastifyInstance, email: string, options: { password?: string, transport?: Transport } = {}): Promise<SignedIn> {
  const response = await app.inject({
    method: 'POST',
    url: '/auth/login',
    headers: options.transport === 'body' ? { 'token-transport': 'body' } : {},
    payload: { email, password: options.password ?? PASSWORD }
  })
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.statusCode} ${response.body}`)
  return signedIn(response)
}

function signedIn (response: LightMyRequestResponse): SignedIn {
  const body = response.json() as { accessToken: string, user: { id: string } }
  return { response, userId: body.user.id, accessToken: body.accessToken, refreshToken: refreshTokenOf(response) }
}

/** POST /auth/refresh with the token in the body (default) or the cookie. */
export async function refresh (app: FastifyInstance, token: string, transport: Transport = 'body'): Promise<LightMyRequestResponse> {
  return await app.inject(transport === 'body'
    ? { method: 'POST', url: '/auth/refresh', payload: { refreshToken: token } }
    : { method: 'POST', url: '/auth/refresh', cookies: { refresh_token: token } })
}

export async function logout (app: FastifyInstance, token: string, transport: Transport = 'body'): Promise<LightMyRequestResponse> {
  return await app.inject(transport === 'body'
    ? { method: 'POST', url: '/auth/logout', payload: { refreshToken: token } }
    : { method: 'POST', url: '/auth/logout', cookies: { refresh_token: token } })
}

export function bearer (accessToken: string): { authorization: string } {
  return { authorization: `Bearer ${accessToken}` }
}
