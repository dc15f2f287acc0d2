import { connect, type Socket } from 'node:net'
import t from 'tap'
import { PASSWORD, uniqueEmail } from './helpers/flows.js'
import { inspectRedis, privateRedisServer, uniquePrefix } from './helpers/redis.js'
import { startServerProcess } from './helpers/server-process.js'

// The real server process (src/server.ts) on SIGTERM and SIGINT: it stops accepting
// connections, finishes the request in flight, closes its Redis connection (QUIT) and
// exits 0. The request in flight is a register whose body is still arriving when the
// signal comes: the handler cannot have run yet, so it runs entirely during shutdown.

const redis = await privateRedisServer(t)
const inspector = inspectRedis(t, redis.url)
const quitCalls = async (): Promise<number> =>
  Number(/cmdstat_quit:calls=(\d+)/.exec(await inspector.info('commandstats'))?.[1] ?? 0)

async function refusesConnections (port: number, deadlineMs = 5000): Promise<boolean> {
  const started = Date.now()
  while (Date.now() - started < deadlineMs) {
    const refused = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1')
      socket.once('connect', () => { socket.destroy(); resolve(false) })
      socket.once('error', () => resolve(true))
    })
    if (refused) return true
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  return false
}

/** Sends `start` on a new connection; `finish(rest)` sends the rest and reads every answer until the server closes. */
function holdRequest (port: number, start: string): { socket: Socket, finish: (rest: string) => Promise<string[]> } {
  const socket = connect(port, '127.0.0.1', () => socket.write(start))
  let received = ''
  socket.setEncoding('utf8')
  socket.on('data', (chunk: string) => { received += chunk })
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()))
  return {
    socket,
    finish: async (rest) => {
      socket.write(rest)
      await closed
      return received.split(/(?=HTTP\/1\.1 \d{3} )/)
    }
  }
}

// Both started at once: a process takes seconds to start, most of it loading modules.
const [terminated, interrupted] = await Promise.all([1, 2].map(async () =>
  await startServerProcess(t, { REDIS_URL: redis.url, REDIS_KEY_PREFIX: uniquePrefix() })))

t.test('SIGTERM: the request in flight completes, then Redis is closed and the process exits 0', async (t) => {
  const server = terminated!
  const quitsBefore = await quitCalls()
  const body = JSON.stringify({ email: uniqueEmail(), password: PASSWORD })
  const held = holdRequest(server.port, 'POST /auth/register HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
    `Token-Transport: body\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, -10)}`)
  await server.waitForLine((line) => line.msg === 'incoming request')

  server.signal('SIGTERM')
  await server.waitForLine((line) => line.msg === 'closing gracefully' && line.signal === 'SIGTERM')
  t.ok(await refusesConnections(server.port), 'new connections are refused')
  // A short while with the body still incomplete: a shutdown that did not wait would be over.
  await new Promise((resolve) => setTimeout(resolve, 250))
  t.ok(server.running(), 'still running, waiting for the request in flight')

  // The rest of the body, and right behind it a second request on the same keep-alive
  // connection, which the server only reads once it is closing.
  const [first = '', second = ''] = await held.finish(`${body.slice(-10)}GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n`)
  t.match(first, /^HTTP\/1\.1 201 /, 'the request in flight got its answer')
  t.match(first, /"accessToken":"[\w-]+\.[\w-]+\.[\w-]+"/, 'with its tokens')
  t.match(second, /^HTTP\/1\.1 200 /, 'the request behind it was answered too, not refused with a bare 503')
  t.match(second, /\r\nConnection: close\r\n/i, 'and told the connection is closing')
  t.same(await server.exited, { code: 0, signal: null }, 'exit code 0')
  t.equal(await quitCalls(), quitsBefore + 1, 'the Redis connection was closed with QUIT')
  const messages = server.lines.map((line) => line.msg)
  t.ok(messages.indexOf('request completed') < messages.findIndex((msg) => msg.startsWith('closed:')), 'closed after the request completed')
})

t.test('SIGINT on an idle server: closes and exits 0', async (t) => {
  const server = interrupted!
  const quitsBefore = await quitCalls()
  server.signal('SIGINT')
  t.same(await server.exited, { code: 0, signal: null })
  t.ok(server.lines.some((line) => line.msg === 'closing gracefully' && line.signal === 'SIGINT'))
  t.ok(server.lines.some((line) => line.msg.startsWith('closed:')), 'and says when it is done')
  t.equal(await quitCalls(), quitsBefore + 1, 'the Redis connection was closed with QUIT')
})
