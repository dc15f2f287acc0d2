import t from 'tap'
import { testClusterNodes } from './helpers/cluster.js'
import { PASSWORD, uniqueEmail } from './helpers/flows.js'
import { uniquePrefix } from './helpers/redis.js'
import { startServerProcess, type ServerProcess } from './helpers/server-process.js'
import { eventually } from './helpers/traffic.js'

// Two server processes on one store, the way a load balancer spreads a client's requests:
// nothing one instance knows in memory is needed by the other. Grace and reuse detection
// live in the store, so a replay on the other instance is judged exactly the same.
// The store is the test Redis Cluster, so this also runs the server's REDIS_CLUSTER_NODES
// configuration end to end (each process start costs seconds: one pair is enough).

const GRACE_MS = 1000

interface Answer { status: number, body: any }

async function send (server: ServerProcess, method: string, path: string, options: { body?: unknown, headers?: Record<string, string> } = {}): Promise<Answer> {
  const response = await fetch(`http://127.0.0.1:${server.port}${path}`, {
    method,
    headers: { ...(options.body !== undefined && { 'content-type': 'application/json' }), ...options.headers },
    ...(options.body !== undefined && { body: JSON.stringify(options.body) })
  })
  const text = await response.text()
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) }
}

t.test('two instances on one store (a Redis Cluster)', async (t) => {
  const nodes = testClusterNodes().map(({ host, port }) => `${host}:${port}`).join(',')
  const env = { REDIS_CLUSTER_NODES: nodes, REDIS_KEY_PREFIX: uniquePrefix(), REFRESH_REUSE_GRACE: `${GRACE_MS / 1000}s` }
  const [a, b] = await Promise.all([startServerProcess(t, env), startServerProcess(t, env)])
  for (const server of [a, b]) {
    t.ok(await eventually(async () => (await send(server, 'GET', '/readyz')).status === 200, 10_000), 'the instance is ready')
  }
  const refresh = async (on: ServerProcess, refreshToken: string): Promise<Answer> => await send(on, 'POST', '/auth/refresh', { body: { refreshToken } })

  const registered = await send(a, 'POST', '/auth/register', { body: { email: uniqueEmail(), password: PASSWORD }, headers: { 'token-transport': 'body' } })
  t.equal(registered.status, 201, 'register on A')
  const r0 = registered.body.refreshToken as string
  t.equal((await send(b, 'GET', '/profile', { headers: { authorization: `Bearer ${registered.body.accessToken as string}` } })).status, 200,
    'B accepts an access token A signed (one JWT_SECRET)')

  const first = await refresh(b, r0)
  t.equal(first.status, 200, 'B rotates a token A issued')
  const retried = await refresh(a, r0)
  t.equal(retried.status, 200, 'A answers a retry of the same token within grace')
  t.equal(retried.body.refreshToken, first.body.refreshToken, '… with the very successor B issued')

  const r1 = first.body.refreshToken as string
  const second = await refresh(a, r1)
  t.equal(second.status, 200, 'A rotates the token B issued')
  await new Promise((resolve) => setTimeout(resolve, GRACE_MS + 200))
  const replay = await refresh(b, r1)
  t.equal(replay.status, 401)
  t.equal(replay.body.code, 'REFRESH_TOKEN_REUSED', 'after grace, a replay on B of the token A rotated is reuse')
  t.equal((await refresh(a, second.body.refreshToken)).body.code, 'REFRESH_TOKEN_INVALID', 'and the whole session is gone on A too')
})
