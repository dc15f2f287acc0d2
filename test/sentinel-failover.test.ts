import { Redis } from 'ioredis'
import t from 'tap'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { scriptShas } from '../src/redis/scripts.js'
import { TEST_ENV } from './helpers/build.js'
import { privateSentinelGroup } from './helpers/cluster.js'
import { bearer, logout, refresh, register } from './helpers/flows.js'
import { uniquePrefix } from './helpers/redis.js'
import { eventually, startRefreshTraffic } from './helpers/traffic.js'

// A primary, a replica and a Sentinel of this test's own, the server configured the way an
// operator would (REDIS_SENTINELS, REDIS_SENTINEL_NAME). The primary dies mid-traffic.

const DOWN_AFTER_MS = 500
const FAILOVER_TIMEOUT_MS = 3000
// Sentinel needs DOWN_AFTER_MS to call the primary down and at most FAILOVER_TIMEOUT_MS to
// promote the replica; the rest is margin for a loaded CI machine, not a speed claim.
const RECOVERY_BOUND_MS = DOWN_AFTER_MS + FAILOVER_TIMEOUT_MS + 6000

t.test('Sentinel failover mid-traffic: 503 during the switch, then refreshes resume on the promoted replica', async (t) => {
  const group = await privateSentinelGroup(t, { downAfterMs: DOWN_AFTER_MS, failoverTimeoutMs: FAILOVER_TIMEOUT_MS })
  const config = loadConfig({ ...TEST_ENV, REDIS_SENTINELS: group.sentinelList, REDIS_SENTINEL_NAME: group.name, REDIS_KEY_PREFIX: uniquePrefix() })
  const app = await buildApp(config)
  t.teardown(async () => await app.close())
  const replica = new Redis(group.replica.port, '127.0.0.1', { maxRetriesPerRequest: 1 })
  t.teardown(() => replica.disconnect())
  const shas = scriptShas()

  const clients = await Promise.all([1, 2, 3, 4].map(async () => await register(app, { transport: 'body' })))
  t.same(await replica.script('EXISTS', shas.authgateRotateSession), [0], 'the replica has never loaded the scripts')
  const traffic = startRefreshTraffic(app, clients.map((c) => c.refreshToken))
  t.ok(await eventually(() => traffic.answers.filter((a) => a.status === 200).length >= 8, 5000), 'traffic flows')

  const killedAtMs = Date.now()
  await group.primary.kill()
  const verifiedDuringSwitch: number[] = []
  const recovered = await eventually(async () => {
    verifiedDuringSwitch.push((await app.inject({ method: 'GET', url: '/auth/verify', headers: bearer(clients[0]!.accessToken) })).statusCode)
    const failures = traffic.answers.filter((a) => a.status !== 200 && a.startedAtMs >= killedAtMs)
    if (failures.length === 0) return false
    const firstFailureMs = failures[0]!.startedAtMs
    // Every client has been refused, then served again by a request sent after that.
    return clients.every((_, client) => traffic.answers.some((a) => a.client === client && a.status === 200 && a.startedAtMs > firstFailureMs))
  }, RECOVERY_BOUND_MS)
  const recoveredAfterMs = Date.now() - killedAtMs
  await traffic.stop()

  t.ok(recovered, `every client refreshes again within ${RECOVERY_BOUND_MS} ms of the kill (took ${recoveredAfterMs} ms)`)
  t.equal(await group.primaryPort(), group.replica.port, 'Sentinel promoted the replica')
  const refused = traffic.answers.filter((a) => a.status !== 200)
  t.ok(refused.length > 0, `requests during the switch were refused (${refused.length} of ${traffic.answers.length})`)
  t.same(refused.filter((a) => a.status !== 503 || a.code !== 'STORE_UNAVAILABLE' || a.retryAfter === undefined), [],
    'every refusal is 503 STORE_UNAVAILABLE with Retry-After: no 500, no 401')
  t.same([...new Set(verifiedDuringSwitch)], [204], 'access tokens kept verifying throughout (no store involved)')
  t.ok(shas.authgateRotateSession !== undefined && (await replica.script('EXISTS', shas.authgateRotateSession) as number[])[0] === 1,
    'the promoted replica runs the rotate script now')

  // Every client's newest token is still the live one: the failover lost no rotation it acknowledged.
  for (const token of traffic.tokens) t.equal((await refresh(app, token)).statusCode, 200, 'the token chain survived the failover')

  t.test('the scripts survive a SCRIPT FLUSH on the new primary', async (t) => {
    const [client] = clients
    await replica.script('FLUSH')
    t.same(await replica.script('EXISTS', ...Object.values(shas)), Object.values(shas).map(() => 0), 'no script is loaded')
    const rotated = await refresh(app, traffic.tokens[0]!)
    t.equal(rotated.statusCode, 200, 'rotate reloads itself after NOSCRIPT')
    const listed = await app.inject({ method: 'GET', url: '/auth/sessions', headers: bearer(rotated.json().accessToken) })
    t.equal(listed.statusCode, 200, 'list-sessions too')
    t.equal(listed.json().sessions.length, 1)
    t.equal((await logout(app, traffic.tokens[1]!)).statusCode, 204, 'and revoke-session')
    t.equal((await app.inject({ method: 'POST', url: '/auth/logout-all', headers: bearer(client!.accessToken) })).statusCode, 204, 'and revoke-all')
    t.equal((await refresh(app, traffic.tokens[2]!)).statusCode, 200, 'another user is untouched')
    t.same(await replica.script('EXISTS', shas.authgateRotateSession, shas.authgateListSessions), [1, 1], 'the scripts are loaded again')
  })
})
