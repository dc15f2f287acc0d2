import { connect } from 'node:net'
import t, { type Test } from 'tap'
import { build } from './helpers/build.js'
import { register } from './helpers/flows.js'

// What Node's HTTP parser refuses before Fastify sees it (oversized headers, broken
// framing, smuggling attempts) over a real socket: a 4xx in the contract's error shape
// with a stable code, and the server keeps serving.

interface RawResponse { statusCode: number, headers: Record<string, string>, body: string }

const { app } = await build(t)
await app.listen({ host: '127.0.0.1', port: 0 })
const { port } = app.server.address() as { port: number }

/** Writes `text` as is, reads until the server closes (or a complete response arrives). */
async function raw (text: string): Promise<RawResponse> {
  const received = await new Promise<string>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text))
    let data = ''
    socket.setEncoding('latin1')
    socket.setTimeout(5000, () => socket.destroy(new Error('no answer within 5 s')))
    socket.on('data', (chunk: string) => {
      data += chunk
      const length = /\r\ncontent-length: (\d+)/i.exec(data)
      const headerEnd = data.indexOf('\r\n\r\n')
      if (length !== null && headerEnd >= 0 && data.length >= headerEnd + 4 + Number(length[1])) socket.end()
    })
    socket.on('error', (error) => data === '' ? reject(error) : resolve(data))
    socket.on('close', () => resolve(data))
  })
  const [head = '', body = ''] = received.split('\r\n\r\n')
  const [status = '', ...lines] = head.split('\r\n')
  const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]))
  return { statusCode: Number(status.split(' ')[1]), headers, body }
}

function assertError (t: Test, response: RawResponse, statusCode: number, code: string): void {
  t.equal(response.statusCode, statusCode, 'status')
  t.match(response.headers['content-type'], /^application\/json/, 'JSON')
  const body = JSON.parse(response.body) as Record<string, unknown>
  t.same(Object.keys(body).sort(), ['code', 'error', 'message', 'statusCode'], 'the error shape')
  t.match(body, { statusCode, code, error: String, message: String })
}

t.test('a header block over the limit is 431 HEADERS_TOO_LARGE', async (t) => {
  const response = await raw(`GET /auth/verify HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${'a'.repeat(20_000)}\r\n\r\n`)
  assertError(t, response, 431, 'HEADERS_TOO_LARGE')
})

t.test('a URL over the header limit is 431 HEADERS_TOO_LARGE', async (t) => {
  const response = await raw(`GET /healthz?${'q'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`)
  assertError(t, response, 431, 'HEADERS_TOO_LARGE')
})

t.test('a bearer token under the header limit but over the token limit is a plain 401', async (t) => {
  const response = await raw(`GET /auth/verify HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${'a'.repeat(10_000)}\r\nConnection: close\r\n\r\n`)
  assertError(t, response, 401, 'ACCESS_TOKEN_INVALID')
  t.equal(response.headers['www-authenticate'], 'Bearer error="invalid_token"')
})

t.test('broken HTTP is 400 MALFORMED_REQUEST', async (t) => {
  const cases = {
    'garbage request line': '\u0000\u0001GARBAGE\r\n\r\n',
    'invalid Content-Length': 'POST /auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: abc\r\n\r\n{}',
    'Content-Length and Transfer-Encoding (smuggling)': 'POST /auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
      'Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    'a control character in a header': 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Evil: a\u0001b\r\n\r\n',
    'a space before the colon': 'GET /healthz HTTP/1.1\r\nHost : x\r\n\r\n'
  }
  for (const [name, text] of Object.entries(cases)) {
    t.test(name, async (t) => { assertError(t, await raw(text), 400, 'MALFORMED_REQUEST') })
  }
})

t.test('the server keeps serving afterwards', async (t) => {
  const response = await raw('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
  t.equal(response.statusCode, 200)
  const signedIn = await register(app)
  t.equal((await app.inject({ method: 'GET', url: '/auth/verify', headers: { authorization: `Bearer ${signedIn.accessToken}` } })).statusCode, 204)
})
