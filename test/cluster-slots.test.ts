import type { Cluster } from 'ioredis'
import t from 'tap'
import { build } from './helpers/build.js'
import { inspectCluster } from './helpers/cluster.js'
import { PASSWORD, bearer, login, logout, refresh, refreshTokenOf, register } from './helpers/flows.js'

// On a real 3-primary Redis Cluster: a whole account's life through HTTP, and every key it
// writes for one user sits in that user's slot, so no script can ever answer CROSSSLOT.
// The email claim is the one key outside it, by design: a single-key SET NX.

/** Every key under `prefix` on every primary, right now. */
async function keysNow (cluster: Cluster, prefix: string): Promise<string[]> {
  const perNode = await Promise.all(cluster.nodes('master').map(async (node) => await node.keys(`${prefix}*`)))
  return perNode.flat()
}

t.test('a full flow on a cluster keeps every key of one user in one slot', async (t) => {
  const { app, keyPrefix } = await build(t, { store: 'cluster' })
  const cluster = inspectCluster(t)
  const seen = new Set<string>()
  const snapshot = async (): Promise<void> => { for (const key of await keysNow(cluster, keyPrefix)) seen.add(key) }

  const { userId, email, refreshToken: r0, accessToken } = await register(app, { transport: 'body' })
  const second = await login(app, email, { transport: 'body' })
  const third = await login(app, email, { transport: 'body' })
  await snapshot()

  const rotated = await refresh(app, r0)
  t.equal(rotated.statusCode, 200, 'refresh rotates')
  const replayed = await refresh(app, r0)
  t.equal(refreshTokenOf(replayed), refreshTokenOf(rotated), 'a retry within grace gets the same successor')
  await snapshot()

  const listed = await app.inject({ method: 'GET', url: '/auth/sessions', headers: bearer(accessToken) })
  t.equal(listed.json().sessions.length, 3, 'list-sessions reads every session through the index')
  const thirdId = listed.json().sessions.find((s: { id: string, current: boolean }) => !s.current && s.id !== sessionIdOf(second.refreshToken)).id
  t.equal(thirdId, sessionIdOf(third.refreshToken))
  t.equal((await app.inject({ method: 'DELETE', url: `/auth/sessions/${thirdId}`, headers: bearer(accessToken) })).statusCode, 204)

  const changed = await app.inject({
    method: 'POST',
    url: '/auth/password',
    headers: { ...bearer(accessToken), 'token-transport': 'body' },
    payload: { currentPassword: PASSWORD, newPassword: 'a brand new passphrase' }
  })
  t.equal(changed.statusCode, 200, 'replace-password runs on the cluster')
  await snapshot()
  t.equal((await refresh(app, refreshTokenOf(rotated))).json().code, 'REFRESH_TOKEN_INVALID', 'the password change ended the old sessions')
  t.equal((await refresh(app, second.refreshToken)).json().code, 'REFRESH_TOKEN_INVALID')

  const again = await login(app, email, { password: 'a brand new passphrase', transport: 'body' })
  await snapshot()
  t.equal((await app.inject({ method: 'POST', url: '/auth/logout-all', headers: bearer(again.accessToken) })).statusCode, 204)
  t.equal((await refresh(app, again.refreshToken)).json().code, 'REFRESH_TOKEN_INVALID', 'revoke-all ended every session')
  t.equal((await refresh(app, refreshTokenOf(changed))).json().code, 'REFRESH_TOKEN_INVALID')

  const last = await login(app, email, { password: 'a brand new passphrase', transport: 'body' })
  await snapshot()
  t.equal((await logout(app, last.refreshToken)).statusCode, 204)

  const emailKey = `${keyPrefix}email:${email}`
  const userKey = `${keyPrefix}{${userId}}:user`
  t.ok(seen.has(emailKey) && seen.has(userKey), 'the flow wrote the account')
  t.ok([...seen].filter((key) => key.includes(':s:')).length >= 4, 'and sessions')
  const userSlot = await cluster.cluster('KEYSLOT', userKey)
  for (const key of [...seen].filter((key) => key !== emailKey)) {
    t.equal(await cluster.cluster('KEYSLOT', key), userSlot, `${key} is in the user's slot`)
  }
  t.same((await keysNow(cluster, keyPrefix)).sort(), [emailKey, userKey].sort(), 'logging out everywhere leaves only the account')
})

t.test('different users spread over every primary', async (t) => {
  const { app, keyPrefix } = await build(t, { store: 'cluster' })
  const cluster = inspectCluster(t)
  for (let i = 0; i < 20; i++) await register(app)
  const usersPerPrimary = await Promise.all(cluster.nodes('master').map(async (node) => (await node.keys(`${keyPrefix}*:user`)).length))
  t.equal(usersPerPrimary.length, 3)
  t.ok(usersPerPrimary.every((count) => count > 0), `users per primary: ${usersPerPrimary.join(', ')}`)
})

function sessionIdOf (refreshToken: string): string {
  return refreshToken.split('.')[1]!
}
