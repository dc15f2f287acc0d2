import t from 'tap'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { scriptShas } from '../src/redis/scripts.js'
import { TEST_ENV } from './helpers/build.js'
import { inspectCluster, privateRedisCluster } from './helpers/cluster.js'
import { bearer, refresh, refreshTokenOf, register, type SignedIn } from './helpers/flows.js'
import { uniquePrefix } from './helpers/redis.js'
import { eventually } from './helpers/traffic.js'

// A cluster of this test's own (no replicas), the server configured by REDIS_CLUSTER_NODES.
// Its scripts survive SCRIPT FLUSH on every primary; a lost primary makes requests fail
// fast with STORE_UNAVAILABLE (never a hang, never a 500); the service heals by itself.

// "About a second" per API.md: ioredis gives up after its 1 s command timeout; the rest is
// margin for a loaded CI machine.
const FAIL_FAST_BOUND_MS = 3000
const RECOVERY_BOUND_MS = 15_000

t.test('a Redis Cluster: SCRIPT FLUSH, a lost primary, and its return', async (t) => {
  const cluster = await privateRedisCluster(t)
  const app = await buildApp(loadConfig({ ...TEST_ENV, REDIS_CLUSTER_NODES: cluster.nodeList, REDIS_KEY_PREFIX: uniquePrefix() }))
  t.teardown(async () => await app.close())
  const inspect = inspectCluster(t, cluster.nodes)

  const users: SignedIn[] = []
  for (let i = 0; i < 12; i++) users.push(await register(app, { transport: 'body' }))
  const ownerPort = new Map<string, number>()
  const slots = await inspect.cluster('SLOTS') as unknown as Array<[number, number, [string, number]]>
  for (const user of users) {
    const slot = await inspect.cluster('KEYSLOT', user.userId) as number // the hash tag is the user id
    ownerPort.set(user.userId, slots.find(([from, to]) => slot >= from && slot <= to)![2][1])
  }
  const lost = cluster.servers[0]!
  const onLost = users.filter((u) => ownerPort.get(u.userId) === lost.port)
  t.ok(onLost.length > 0 && onLost.length < users.length, `users on the primary about to be lost: ${onLost.length} of ${users.length}`)

  const primaries = inspect.nodes('master')
  await Promise.all(primaries.map(async (node) => await node.script('FLUSH')))
  const tokens = new Map<string, string>()
  for (const user of users) {
    const rotated = await refresh(app, user.refreshToken)
    t.equal(rotated.statusCode, 200, 'rotate after SCRIPT FLUSH on every primary')
    tokens.set(user.userId, refreshTokenOf(rotated))
  }
  const rotateSha = scriptShas().authgateRotateSession
  const loaded = await Promise.all(primaries.map(async (node) => await node.script('EXISTS', rotateSha) as number[]))
  t.same(loaded, primaries.map(() => [1]), 'every primary has the rotate script again')
  inspect.disconnect()

  await lost.kill()
  const refused = await Promise.all(onLost.map(async (user) => {
    const startedAtMs = Date.now()
    const response = await refresh(app, tokens.get(user.userId)!)
    return { response, tookMs: Date.now() - startedAtMs }
  }))
  for (const { response, tookMs } of refused) {
    t.equal(response.statusCode, 503)
    t.equal(response.json().code, 'STORE_UNAVAILABLE', `a user on the lost primary gets STORE_UNAVAILABLE (in ${tookMs} ms)`)
    t.ok(tookMs < FAIL_FAST_BOUND_MS, 'fast: no request waits for the primary to come back')
  }
  t.equal((await app.inject({ method: 'GET', url: '/readyz' })).statusCode, 503, '/readyz says the store is not ready')
  t.equal((await app.inject({ method: 'GET', url: '/auth/verify', headers: bearer(users[0]!.accessToken) })).statusCode, 204,
    'access tokens still verify')
  const others = await Promise.all(users.filter((u) => !onLost.includes(u)).map(async (u) => await refresh(app, tokens.get(u.userId)!)))
  t.same(others.filter((r) => r.statusCode !== 200 && r.json().code !== 'STORE_UNAVAILABLE').map((r) => r.body), [],
    'users elsewhere get 200, or 503 once the cluster calls itself down: never anything else')

  // The node returns empty (no persistence): its users' sessions are gone, the others' are intact.
  await cluster.restartNode(0)
  const healed = await eventually(async () => (await app.inject({ method: 'GET', url: '/readyz' })).statusCode === 200, RECOVERY_BOUND_MS)
  t.ok(healed, `/readyz is ready again within ${RECOVERY_BOUND_MS} ms`)
  const back = async (user: SignedIn): Promise<string | undefined> => {
    let code: string | undefined
    await eventually(async () => {
      const response = await refresh(app, tokens.get(user.userId)!)
      code = response.statusCode === 200 ? 'OK' : response.json().code
      if (response.statusCode === 200) tokens.set(user.userId, refreshTokenOf(response))
      return code !== 'STORE_UNAVAILABLE'
    }, RECOVERY_BOUND_MS)
    return code
  }
  for (const user of users) {
    t.equal(await back(user), onLost.includes(user) ? 'REFRESH_TOKEN_INVALID' : 'OK', 'the service recovers by itself')
  }
  t.equal((await register(app)).response.statusCode, 201, 'and signs people up again')
})
