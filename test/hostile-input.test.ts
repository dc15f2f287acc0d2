import t from 'tap'
import { build } from './helpers/build.js'
import { bearer, PASSWORD, register, uniqueEmail } from './helpers/flows.js'
import { assertRefused, ENDPOINTS, prototypeIsClean } from './helpers/hostile.js'

// Hostile bodies at every endpoint that reads one, and at the others too: always a 4xx
// with a stable code (or, for routes without a body, the body ignored), never a 500,
// never a polluted object. The generated version of this is hostile-input-property.test.ts.

const BODY_LIMIT = 4096
const { app } = await build(t, { env: { BODY_LIMIT: String(BODY_LIMIT) } })
const owner = await register(app, { transport: 'body' })
const JSON_TYPE = { 'content-type': 'application/json' }

async function send (endpoint: (typeof ENDPOINTS)[number], headers: Record<string, string>, payload: string): Promise<Awaited<ReturnType<typeof app.inject>>> {
  return await app.inject({
    method: endpoint.method,
    url: endpoint.url,
    headers: { ...(endpoint.auth && bearer(owner.accessToken)), ...headers },
    payload
  })
}

const BODY_ENDPOINTS = ENDPOINTS.filter((e) => e.body)

t.test('malformed JSON is 400 INVALID_JSON', async (t) => {
  for (const endpoint of BODY_ENDPOINTS) {
    for (const payload of ['{"email":', '{email: "a"}', "{'a':1}", '{"a":1,}', '\u0000', '{"a":"\\x"}', 'nul']) {
      assertRefused(t, await send(endpoint, JSON_TYPE, payload), { status: 400, code: 'INVALID_JSON' }, `${endpoint.url} ${JSON.stringify(payload)}`)
    }
  }
})

t.test('a body that is not JSON is 415, whatever it claims to be', async (t) => {
  const types = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml',
    'application/jsonx', 'application/json-patch+json', 'application/octet-stream', 'garbage', '']
  for (const endpoint of BODY_ENDPOINTS) {
    for (const type of types) {
      const headers: Record<string, string> = type === '' ? {} : { 'content-type': type }
      assertRefused(t, await send(endpoint, headers, '{"email":"a@example.com"}'), { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' }, `${endpoint.url} ${type || 'no content type'}`)
    }
  }
})

t.test('a JSON body over the limit is 413 BODY_TOO_LARGE', async (t) => {
  const huge = JSON.stringify({ email: 'a@example.com', password: 'x'.repeat(BODY_LIMIT) })
  for (const endpoint of BODY_ENDPOINTS) {
    assertRefused(t, await send(endpoint, JSON_TYPE, huge), { status: 413, code: 'BODY_TOO_LARGE' }, endpoint.url)
  }
})

t.test('a body that does not match its Content-Length is 400 MALFORMED_REQUEST, not 413', async (t) => {
  for (const endpoint of BODY_ENDPOINTS) {
    for (const length of ['3', '500']) {
      const response = await send(endpoint, { ...JSON_TYPE, 'content-length': length }, '{"email":"a@example.com"}')
      assertRefused(t, response, { status: 400, code: 'MALFORMED_REQUEST' }, `${endpoint.url} Content-Length: ${length}`)
    }
  }
})

t.test('__proto__ and constructor.prototype keys are refused, at any depth, and pollute nothing', async (t) => {
  const payloads = [
    `{"email":"${uniqueEmail()}","password":"${PASSWORD}","__proto__":{"role":"admin","polluted":1}}`,
    `{"email":"${uniqueEmail()}","password":"${PASSWORD}","constructor":{"prototype":{"role":"admin","polluted":1}}}`,
    '{"refreshToken":{"__proto__":{"polluted":1}}}',
    '{"a":[{"b":{"__proto__":{"polluted":1}}}]}'
  ]
  for (const endpoint of BODY_ENDPOINTS) {
    for (const payload of payloads) {
      assertRefused(t, await send(endpoint, JSON_TYPE, payload), { status: 400 }, `${endpoint.url} ${payload.slice(-40)}`)
    }
  }
  t.ok(prototypeIsClean(), 'Object.prototype is untouched')
})

t.test('a plain "constructor" or "prototype" property is an unknown property (400)', async (t) => {
  for (const key of ['constructor', 'prototype', 'hasOwnProperty', 'toString']) {
    const response = await app.inject({ method: 'POST', url: '/auth/register', payload: { email: uniqueEmail(), password: PASSWORD, [key]: 'x' } })
    assertRefused(t, response, { status: 400, code: 'VALIDATION_FAILED' }, key)
  }
})

t.test('NUL bytes: refused where they cannot be valid, never a 500', async (t) => {
  const nul = '\u0000'
  assertRefused(t, await app.inject({ method: 'POST', url: '/auth/register', payload: { email: `a${nul}@example.com`, password: PASSWORD } }), { status: 400, code: 'VALIDATION_FAILED' }, 'register email')
  assertRefused(t, await app.inject({ method: 'POST', url: '/auth/login', payload: { email: `${owner.email}${nul}`, password: PASSWORD } }), { status: 401, code: 'INVALID_CREDENTIALS' }, 'login email')
  assertRefused(t, await app.inject({ method: 'POST', url: '/auth/login', payload: { email: owner.email, password: `${PASSWORD}${nul}` } }), { status: 401, code: 'INVALID_CREDENTIALS' }, 'login password')
  assertRefused(t, await app.inject({ method: 'POST', url: '/auth/refresh', payload: { refreshToken: `${owner.refreshToken.slice(0, -1)}${nul}` } }), { status: 401, code: 'REFRESH_TOKEN_INVALID' }, 'refresh token')
  assertRefused(t, await app.inject({ method: 'GET', url: '/auth/verify', headers: bearer(`${owner.accessToken}${nul}`) }), { status: 401, code: 'ACCESS_TOKEN_INVALID' }, 'access token')
})

t.test('very long strings are a 400 naming the field', async (t) => {
  const long = 'x'.repeat(1000)
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['/auth/register', { email: `${long}@example.com`, password: PASSWORD }, 'body/email'],
    ['/auth/register', { email: uniqueEmail(), password: long }, 'body/password'],
    ['/auth/register', { email: uniqueEmail(), password: PASSWORD, name: long }, 'body/name'],
    ['/auth/login', { email: `${long}@example.com`, password: PASSWORD }, 'body/email'],
    ['/auth/login', { email: owner.email, password: long }, 'body/password'],
    ['/auth/refresh', { refreshToken: long }, 'body/refreshToken'],
    ['/auth/logout', { refreshToken: long }, 'body/refreshToken']
  ]
  for (const [url, payload, field] of cases) {
    const response = await app.inject({ method: 'POST', url, payload })
    assertRefused(t, response, { status: 400, code: 'VALIDATION_FAILED' }, `${url} ${field}`)
    t.match(response.json().message, field)
  }
  const longId = await app.inject({ method: 'DELETE', url: `/auth/sessions/${'x'.repeat(80)}`, headers: bearer(owner.accessToken) })
  assertRefused(t, longId, { status: 400, code: 'VALIDATION_FAILED' }, 'session id')
})

t.test('non-ASCII: refused in an email address, kept intact in a name', async (t) => {
  for (const email of ['ü@exämple.com', 'user@例え.jp', 'Ａ@example.com']) {
    const response = await app.inject({ method: 'POST', url: '/auth/register', payload: { email, password: PASSWORD } })
    assertRefused(t, response, { status: 400, code: 'VALIDATION_FAILED' }, email)
  }
  const name = 'Zoë 李 🦊'
  const response = await app.inject({ method: 'POST', url: '/auth/register', payload: { email: uniqueEmail(), password: 'pässwörd 🔑 long enough', name } })
  t.equal(response.statusCode, 201)
  t.equal(response.json().user.name, name)
})

t.test('lone surrogates and odd Unicode never cause a 500', async (t) => {
  const payload = '{"email":"\\ud800@example.com","password":"\\udfff\\ud800xxxxxxxx","name":"\\ufeff\\u202e"}'
  const response = await app.inject({ method: 'POST', url: '/auth/register', headers: JSON_TYPE, payload })
  assertRefused(t, response, { status: 400 }, 'register')
  const login = await app.inject({ method: 'POST', url: '/auth/login', headers: JSON_TYPE, payload: '{"email":"\\ud800","password":"\\udfff"}' })
  assertRefused(t, login, { status: 401 }, 'login')
})

t.test('bodies sent to routes that take none are ignored or refused, never a 500', async (t) => {
  for (const endpoint of ENDPOINTS.filter((e) => !e.body && e.method !== 'GET')) {
    const response = await send(endpoint, JSON_TYPE, '{"__proto__":{"polluted":1}}')
    assertRefused(t, response, { status: 400 }, endpoint.url)
    const garbage = await send(endpoint, { 'content-type': 'text/plain' }, 'garbage')
    assertRefused(t, garbage, { status: 415 }, endpoint.url)
  }
  t.ok(prototypeIsClean())
})

t.test('URLs that do not decode are a well-formed 400', async (t) => {
  for (const url of ['/auth/sessions/%', '/auth/sessions/%E0%A4%A', '/%zz']) {
    const response = await app.inject({ method: url.startsWith('/auth/sessions') ? 'DELETE' : 'GET', url, headers: bearer(owner.accessToken) })
    assertRefused(t, response, { status: 400, code: 'FST_ERR_BAD_URL' }, url)
  }
})

t.test('a path parameter over the router limit (100) is a well-formed 414', async (t) => {
  const response = await app.inject({ method: 'DELETE', url: `/auth/sessions/${'x'.repeat(101)}`, headers: bearer(owner.accessToken) })
  assertRefused(t, response, { status: 414, code: 'FST_ERR_MAX_PARAM_LENGTH' }, 'session id')
})
