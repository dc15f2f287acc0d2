import { createHmac } from 'node:crypto'
import Fastify, { type FastifyInstance } from 'fastify'
import t, { type Test } from 'tap'
import authgate from '../src/index.js'
import { createMemoryStores } from '../src/stores/memory-stores.js'
import { build, TEST_JWT_SECRET } from './helpers/build.js'
import { bearer, refresh, register } from './helpers/flows.js'

// Every forged or misused access token is a 401 with the RFC 6750 challenge, at the
// gateway check, at a route of ours that reads the store, and at a host's own route
// guarded by `app.authenticate`. Tokens are crafted by hand (HMAC from node:crypto), so
// nothing here depends on the library under test to build the forgery.

type Json = Record<string, unknown>

const b64 = (value: Json | string): string =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url')
const hmac = (hash: string, input: string, secret = TEST_JWT_SECRET): string =>
  createHmac(hash, secret).update(input).digest('base64url')

function craft (header: Json, claims: Json, hash = 'sha256'): string {
  const signingInput = `${b64(header)}.${b64(claims)}`
  return `${signingInput}.${hmac(hash, signingInput)}`
}

function decode (token: string): { header: Json, claims: Json, parts: string[] } {
  const parts = token.split('.')
  const part = (i: number): Json => JSON.parse(Buffer.from(parts[i]!, 'base64url').toString()) as Json
  return { header: part(0), claims: part(1), parts }
}

// A host app: its own route behind authgate's `authenticate`, its own (default) error handler.
async function buildHost (): Promise<FastifyInstance> {
  const host = Fastify()
  await host.register(authgate, { stores: createMemoryStores(), jwtSecret: TEST_JWT_SECRET, rateLimit: false })
  host.get('/orders', { onRequest: host.authenticate }, async (request) => ({ owner: request.user.sub }))
  t.teardown(async () => { await host.close() })
  await host.ready()
  return host
}

const { app } = await build(t)
const host = await buildHost()
const signedIn = await register(app, { transport: 'body' })
const { header, claims, parts } = decode(signedIn.accessToken)
const nowSeconds = (): number => Math.floor(Date.now() / 1000)
const without = (name: string): Json => Object.fromEntries(Object.entries(claims).filter(([key]) => key !== name))

interface Target { name: string, app: FastifyInstance, url: string, ok: number }
const targets: Target[] = [
  { name: 'GET /auth/verify', app, url: '/auth/verify', ok: 204 },
  { name: 'GET /profile', app, url: '/profile', ok: 200 },
  { name: "a host's route with app.authenticate", app: host, url: '/orders', ok: 200 }
]

async function refused (t: Test, token: string, expectedCode = 'ACCESS_TOKEN_INVALID'): Promise<void> {
  await refusedWith(t, { authorization: `Bearer ${token}` }, expectedCode, 'Bearer error="invalid_token"')
}

async function refusedWith (t: Test, headers: Record<string, string>, expectedCode: string, challenge: string): Promise<void> {
  for (const target of targets) {
    const response = await target.app.inject({ method: 'GET', url: target.url, headers })
    t.equal(response.statusCode, 401, `${target.name}: 401`)
    t.equal(response.headers['www-authenticate'], challenge, `${target.name}: challenge`)
    t.equal(response.json().code, expectedCode, `${target.name}: code`)
  }
}

t.test('control: the genuine token, and the same claims re-signed by hand, are accepted everywhere', async (t) => {
  for (const token of [signedIn.accessToken, craft(header, claims)]) {
    for (const target of targets) {
      const response = await target.app.inject({ method: 'GET', url: target.url, headers: bearer(token) })
      t.equal(response.statusCode, target.ok, target.name)
    }
  }
})

t.test('alg "none" with no signature', async (t) => {
  await refused(t, `${b64({ ...header, alg: 'none' })}.${parts[1]}.`)
})

t.test('alg "none" keeping the original signature', async (t) => {
  await refused(t, `${b64({ ...header, alg: 'none' })}.${parts[1]}.${parts[2]}`)
})

t.test('HS384 signed with the right secret', async (t) => {
  await refused(t, craft({ ...header, alg: 'HS384' }, claims, 'sha384'))
})

t.test('HS512 signed with the right secret', async (t) => {
  await refused(t, craft({ ...header, alg: 'HS512' }, claims, 'sha512'))
})

t.test('an RS256 header over an HMAC signature (algorithm confusion)', async (t) => {
  await refused(t, craft({ ...header, alg: 'RS256' }, claims))
})

t.test('signature stripped, trailing dot kept', async (t) => {
  await refused(t, `${parts[0]}.${parts[1]}.`)
})

t.test('signature segment removed', async (t) => {
  await refused(t, `${parts[0]}.${parts[1]}`)
})

t.test('signature altered by one character', async (t) => {
  const signature = parts[2]!
  const flipped = signature[0] === 'A' ? 'B' : 'A'
  await refused(t, `${parts[0]}.${parts[1]}.${flipped}${signature.slice(1)}`)
})

t.test('signature made with another secret', async (t) => {
  const signingInput = `${parts[0]}.${parts[1]}`
  await refused(t, `${signingInput}.${hmac('sha256', signingInput, 'another-secret-that-is-32-bytes-or-more')}`)
})

t.test('payload altered under the original signature (role raised)', async (t) => {
  await refused(t, `${parts[0]}.${b64({ ...claims, role: 'admin' })}.${parts[2]}`)
})

t.test('payload altered under the original signature (another subject)', async (t) => {
  await refused(t, `${parts[0]}.${b64({ ...claims, sub: 'AAAAAAAAAAAAAAAAAAAAAA' })}.${parts[2]}`)
})

t.test('wrong typ ("JWT", e.g. an ID token signed with the same secret)', async (t) => {
  await refused(t, craft({ ...header, typ: 'JWT' }, claims))
})

t.test('no typ at all', async (t) => {
  await refused(t, craft({ alg: 'HS256' }, claims))
})

t.test('wrong issuer', async (t) => {
  await refused(t, craft(header, { ...claims, iss: 'someone-else' }))
})

t.test('wrong audience', async (t) => {
  await refused(t, craft(header, { ...claims, aud: 'another-api' }))
})

t.test('expired', async (t) => {
  await refused(t, craft(header, { ...claims, iat: nowSeconds() - 120, exp: nowSeconds() - 60 }), 'ACCESS_TOKEN_EXPIRED')
})

t.test('nbf in the future', async (t) => {
  await refused(t, craft(header, { ...claims, nbf: nowSeconds() + 3600 }))
})

t.test('missing sub', async (t) => {
  await refused(t, craft(header, without('sub')))
})

t.test('sub that is not a string', async (t) => {
  await refused(t, craft(header, { ...claims, sub: 12345 }))
})

t.test('missing exp', async (t) => {
  await refused(t, craft(header, without('exp')))
})

t.test('exp that is not a number', async (t) => {
  await refused(t, craft(header, { ...claims, exp: String(nowSeconds() + 600) }))
})

t.test('a refresh token sent as a bearer token', async (t) => {
  await refused(t, signedIn.refreshToken)
})

t.test('an oversized token, correctly signed', async (t) => {
  await refused(t, craft(header, { ...claims, padding: 'x'.repeat(8000) }))
})

t.test('garbage', async (t) => {
  await refused(t, 'not-a-jwt')
})

t.test('three segments of garbage', async (t) => {
  await refused(t, '!!!.@@@.###')
})

t.test('non-ASCII characters', async (t) => {
  await refused(t, `${parts[0]}.${parts[1]}é.${parts[2]}ü`)
})

t.test('a header that is not JSON', async (t) => {
  await refused(t, `${b64('{"alg":"HS256",')}.${parts[1]}.${parts[2]}`)
})

t.test('missing token: 401 with a bare Bearer challenge', async (t) => {
  await refusedWith(t, {}, 'ACCESS_TOKEN_MISSING', 'Bearer')
})

t.test('another scheme (Basic) counts as no bearer token', async (t) => {
  await refusedWith(t, { authorization: 'Basic dXNlcjpwYXNz' }, 'ACCESS_TOKEN_MISSING', 'Bearer')
})

t.test('"Bearer" with nothing after it counts as no token', async (t) => {
  await refusedWith(t, { authorization: 'Bearer   ' }, 'ACCESS_TOKEN_MISSING', 'Bearer')
})

t.test('an access token sent as a refresh token is REFRESH_TOKEN_INVALID', async (t) => {
  for (const transport of ['body', 'cookie'] as const) {
    const response = await refresh(app, signedIn.accessToken, transport)
    t.equal(response.statusCode, 401, transport)
    t.equal(response.json().code, 'REFRESH_TOKEN_INVALID', transport)
  }
  // ...and the real session is untouched by it.
  t.equal((await refresh(app, signedIn.refreshToken)).statusCode, 200)
})
