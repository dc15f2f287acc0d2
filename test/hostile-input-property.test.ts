import fc from 'fast-check'
import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { build } from './helpers/build.js'
import { register } from './helpers/flows.js'
import { contractBreach, ENDPOINTS, prototypeIsClean } from './helpers/hostile.js'

// Generated hostile requests at every endpoint: bodies (JSON of the wrong shape and types,
// prototype keys, NUL bytes, long and non-ASCII strings, garbage, oversized), content
// types and headers (tokens, cookies, origins, transports). The property: never a 5xx,
// every error is `{ statusCode, code, error, message }`, and Object.prototype stays clean.
// Run counts are bounded to keep the suite fast; a failure prints fast-check's seed and
// the shrunk request, so it can be replayed with `{ seed, path }`.

const BODY_LIMIT = 2048
const RUNS: Record<'memory' | 'redis', number> = { memory: 200, redis: 80 }

const FIELDS = ['email', 'password', 'name', 'refreshToken', 'currentPassword', 'newPassword']
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype']

// What Node's HTTP parser lets through in a header value: tab, printable ASCII, Latin-1.
const headerChar = fc.integer({ min: 0x20, max: 0xff }).filter((c) => c !== 0x7f).map((c) => String.fromCharCode(c))
const headerText = fc.string({ unit: headerChar, maxLength: 80 })

function arbitraries (real: { accessToken: string, refreshToken: string, email: string }): { request: fc.Arbitrary<HostileRequest> } {
  const text = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom('', '\u0000', 'a\u0000b', '\ud800', '\u202e\ufeff', 'ü@exämple.com', real.email, `${real.email}\u0000`,
      real.refreshToken, real.accessToken, `${real.refreshToken.slice(0, -1)}_`, 'correct horse battery staple'),
    fc.nat({ max: 400 }).map((n) => 'x'.repeat(n)),
    fc.tuple(fc.string({ maxLength: 10 }), fc.constantFrom('@example.com', '@ex.co')).map(([local, domain]) => `${local}${domain}`)
  )
  const scalar = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null))
  const value = fc.oneof({ weight: 4, arbitrary: scalar }, fc.array(scalar, { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...PROTO_KEYS, 'a', 'email'), scalar, { maxKeys: 2 }).map((o) => JSON.stringify(o)).map((json) => ({ json })))
  const key = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...FIELDS) }, fc.constantFrom(...PROTO_KEYS), fc.string({ maxLength: 8 }))

  // Bodies are built as text, so that `__proto__` is a literal key, as an attacker sends it.
  const encode = (v: unknown): string => typeof v === 'object' && v !== null && 'json' in v ? (v as { json: string }).json : JSON.stringify(v) ?? 'null'
  const objectBody = fc.array(fc.tuple(key, value), { maxLength: 5 })
    .map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${encode(v)}`).join(',')}}`)
  const body = fc.oneof(
    { weight: 5, arbitrary: objectBody },
    fc.json({ maxDepth: 3 }),
    fc.string({ unit: 'binary', maxLength: 60 }),
    objectBody.chain((json) => fc.nat({ max: json.length }).map((cut) => json.slice(0, cut))), // truncated
    fc.constantFrom('', 'null', '[]', '{}', '{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}'),
    fc.nat({ max: 3 * BODY_LIMIT }).map((n) => JSON.stringify({ email: real.email, password: 'p'.repeat(n) }))
  )
  const contentType = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON') },
    fc.constantFrom(undefined, 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x',
      'application/json; charset=utf-16', 'application/json;', ';', 'application/jsonp', '*/*'),
    headerText
  )
  const authorization = fc.oneof(
    fc.constantFrom(undefined, `Bearer ${real.accessToken}`, `bearer   ${real.accessToken}`, `Bearer ${real.refreshToken}`, 'Bearer', 'Basic Og=='),
    headerText.map((h) => `Bearer ${h}`),
    headerText
  )
  const cookie = fc.oneof(
    fc.constantFrom(undefined, `refresh_token=${real.refreshToken}`, 'refresh_token=', 'refresh_token=%', 'refresh_token=a; refresh_token=b'),
    headerText.map((h) => `refresh_token=${h}`),
    headerText
  )
  const optionalHeader = (values: fc.Arbitrary<string | undefined>): fc.Arbitrary<string | undefined> =>
    fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, values)
  const headers = fc.record({
    'content-type': contentType,
    authorization,
    cookie,
    origin: optionalHeader(fc.oneof(fc.constantFrom('null', 'https://evil.example', 'http://localhost'), headerText)),
    'sec-fetch-site': optionalHeader(fc.oneof(fc.constantFrom('cross-site', 'same-origin', 'same-site', 'none'), headerText)),
    'token-transport': optionalHeader(fc.oneof(fc.constantFrom('body', 'BODY ', 'cookie'), headerText)),
    'user-agent': optionalHeader(fc.oneof(headerText, fc.nat({ max: 2000 }).map((n) => 'u'.repeat(n)))),
    'x-forwarded-for': optionalHeader(headerText),
    accept: optionalHeader(headerText)
  })
  const query = fc.oneof({ weight: 4, arbitrary: fc.constant('') },
    fc.constantFrom('?refreshToken=x', '?refresh_token=', '?__proto__[polluted]=1', '?a=%zz', '?constructor=1'))

  const request = fc.record({ endpoint: fc.constantFrom(...ENDPOINTS), body, headers, query })
  return { request }
}

interface HostileRequest {
  endpoint: (typeof ENDPOINTS)[number]
  body: string
  headers: Record<string, string | undefined>
  query: string
}

async function send (app: FastifyInstance, request: HostileRequest): Promise<Awaited<ReturnType<FastifyInstance['inject']>>> {
  const headers = Object.fromEntries(Object.entries(request.headers).filter(([, v]) => v !== undefined)) as Record<string, string>
  return await app.inject({
    method: request.endpoint.method,
    url: `${request.endpoint.url}${request.query}`,
    headers,
    ...(request.endpoint.method !== 'GET' && { payload: request.body })
  })
}

for (const store of ['memory', 'redis'] as const) {
  t.test(`${store} store: no generated request gets a 5xx or a malformed error`, async (t) => {
    const { app } = await build(t, { store, env: { BODY_LIMIT: String(BODY_LIMIT) } })
    const real = await register(app, { transport: 'body' })
    const { request } = arbitraries(real)
    const statuses = new Map<number, number>()
    await fc.assert(fc.asyncProperty(request, async (hostile) => {
      const response = await send(app, hostile)
      statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1)
      const breach = contractBreach(response)
      if (breach !== null) throw new Error(`${hostile.endpoint.method} ${hostile.endpoint.url}: ${breach}`)
      if (!prototypeIsClean()) throw new Error('Object.prototype was polluted')
    }), { numRuns: RUNS[store] })
    t.comment(`statuses seen: ${[...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(' ')}`)
    t.pass(`${RUNS[store]} generated requests, all answered within the contract`)
  })
}
