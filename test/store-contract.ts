import type { Test } from 'tap'
import { newId } from '../src/ids.js'
import { digestRefreshSecret } from '../src/tokens/refresh-token.js'
import type { NewSession, Stores } from '../src/stores/types.js'

// One contract, two stores: test/stores.test.ts runs it on memory and on Redis.

const sleep = async (ms: number): Promise<void> => await new Promise((resolve) => setTimeout(resolve, ms))
const HOUR = 3_600_000

// Digests as the service makes them (stores may keep them in another form, e.g. raw bytes).
const d = (label: string): string => digestRefreshSecret(label)

function user (overrides: Partial<{ email: string, role: string }> = {}): Parameters<Stores['users']['create']>[0] {
  return { id: newId(), email: overrides.email ?? `${newId().toLowerCase()}@example.com`, role: overrides.role ?? 'user', passwordHash: 'hash-1', createdAtMs: Date.now() }
}

function session (userId: string, overrides: Partial<NewSession> = {}): NewSession {
  return { userId, sessionId: newId(), secretDigest: d('digest-0'), nowMs: Date.now(), idleTtlMs: HOUR, maxTtlMs: 24 * HOUR, userAgent: 'test-agent', ip: '127.0.0.1', ...overrides }
}

function rotation (s: NewSession, presentedDigest: string, successorDigest: string, overrides: { graceMs?: number, idleTtlMs?: number } = {}) {
  return { userId: s.userId, sessionId: s.sessionId, presentedDigest, successorDigest, nowMs: Date.now(), idleTtlMs: overrides.idleTtlMs ?? HOUR, graceMs: overrides.graceMs ?? 10_000 }
}

export function storeContract (t: Test, makeStores: (t: Test) => Promise<Stores>): void {
  /** Fresh stores with one user and one session of theirs, both created. */
  async function openSession (t: Test, overrides: Partial<NewSession> = {}): Promise<Stores & { u: ReturnType<typeof user>, s: NewSession }> {
    const stores = await makeStores(t)
    const u = user()
    await stores.users.create(u)
    const s = session(u.id, overrides)
    await stores.sessions.create(s)
    return { ...stores, u, s }
  }

  t.test('users: an email is claimed once, and the first owner keeps it', async (t) => {
    const { users } = await makeStores(t)
    const first = user()
    t.equal(await users.create(first), true)
    t.equal(await users.create({ ...user(), email: first.email }), false)
    t.same(await users.findByEmail(first.email), first)
    t.same(await users.findById(first.id), first)
    t.equal(await users.findByEmail('nobody@example.com'), null)
    t.equal(await users.findById(newId()), null)
  })

  t.test('users: a name is kept when given, absent when not', async (t) => {
    const { users } = await makeStores(t)
    const named = { ...user(), name: 'Ada' }
    await users.create(named)
    t.equal((await users.findById(named.id))?.name, 'Ada')
    const anonymous = user()
    await users.create(anonymous)
    t.notOk('name' in (await users.findById(anonymous.id))!)
  })

  t.test('users: setPasswordHash replaces the hash', async (t) => {
    const { users } = await makeStores(t)
    const u = user()
    await users.create(u)
    await users.setPasswordHash(u.id, 'hash-2')
    t.equal((await users.findById(u.id))?.passwordHash, 'hash-2')
  })

  t.test('users: swapPasswordHash replaces the hash only while it is the expected one', async (t) => {
    const { users } = await makeStores(t)
    const u = user()
    await users.create(u)
    t.equal(await users.swapPasswordHash(u.id, 'hash-1', 'hash-1-rehashed'), true)
    t.equal((await users.findById(u.id))?.passwordHash, 'hash-1-rehashed')
    await users.setPasswordHash(u.id, 'hash-2') // a password change lands first
    t.equal(await users.swapPasswordHash(u.id, 'hash-1-rehashed', 'stale-rehash'), false)
    t.equal((await users.findById(u.id))?.passwordHash, 'hash-2', 'the change is not undone')
    const missing = newId()
    t.equal(await users.swapPasswordHash(missing, 'hash-1', 'x'), false, 'a missing user changes nothing')
    t.equal(await users.findById(missing), null)
  })

  t.test('sessions: create answers the idle expiry, capped by the absolute one', async (t) => {
    const { users, sessions } = await makeStores(t)
    const u = user()
    await users.create(u)
    const s = session(u.id)
    t.same(await sessions.create(s), { expiresAtMs: s.nowMs + HOUR })
    const capped = session(u.id, { idleTtlMs: 2 * HOUR, maxTtlMs: HOUR })
    t.same(await sessions.create(capped), { expiresAtMs: capped.nowMs + HOUR })
  })

  t.test('sessions: rotate the current token, replay within grace, then reuse revokes', async (t) => {
    const { users, sessions } = await makeStores(t)
    const u = user({ role: 'admin' })
    await users.create(u)
    const s = session(u.id)
    await sessions.create(s)
    const rotated = await sessions.rotate(rotation(s, d('digest-0'), d('digest-1')))
    t.match(rotated, { outcome: 'rotated', role: 'admin' })
    t.match(await sessions.rotate(rotation(s, d('digest-0'), d('digest-1'))), { outcome: 'replayed', role: 'admin' })
    t.match(await sessions.rotate(rotation(s, d('digest-1'), d('digest-2'))), { outcome: 'rotated' })
    // digest-0 is two rotations old now: reuse, and the family is gone.
    t.same(await sessions.rotate(rotation(s, d('digest-0'), d('digest-1'))), { outcome: 'reused' })
    t.same(await sessions.rotate(rotation(s, d('digest-2'), d('digest-3'))), { outcome: 'unknown' })
    t.same(await sessions.list(u.id, Date.now()), [])
  })

  t.test('sessions: a secret that was never current is reuse', async (t) => {
    const { sessions, s } = await openSession(t)
    t.same(await sessions.rotate(rotation(s, d('forged'), d('forged-next'))), { outcome: 'reused' })
    t.same(await sessions.rotate(rotation(s, d('digest-0'), d('digest-1'))), { outcome: 'unknown' })
  })

  t.test('sessions: with no grace, a replay is reuse', async (t) => {
    const { sessions, s } = await openSession(t)
    t.match(await sessions.rotate(rotation(s, d('digest-0'), d('digest-1'), { graceMs: 0 })), { outcome: 'rotated' })
    t.same(await sessions.rotate(rotation(s, d('digest-0'), d('digest-1'), { graceMs: 0 })), { outcome: 'reused' })
  })

  t.test('sessions: a replay after the grace window is reuse', async (t) => {
    const { sessions, s } = await openSession(t)
    await sessions.rotate(rotation(s, d('digest-0'), d('digest-1'), { graceMs: 100 }))
    await sleep(150)
    t.same(await sessions.rotate(rotation(s, d('digest-0'), d('digest-1'), { graceMs: 100 })), { outcome: 'reused' })
  })

  t.test('sessions: an unknown session is unknown and touches nothing', async (t) => {
    const { sessions, u, s } = await openSession(t)
    t.same(await sessions.rotate({ ...rotation(s, d('digest-0'), d('x')), sessionId: newId() }), { outcome: 'unknown' })
    t.same(await sessions.rotate({ ...rotation(s, d('digest-0'), d('x')), userId: newId() }), { outcome: 'unknown' })
    t.equal((await sessions.list(u.id, Date.now())).length, 1)
  })

  t.test('sessions: idle expiry ends a session; rotation restarts it', async (t) => {
    const { sessions, u, s } = await openSession(t, { idleTtlMs: 400 })
    await sleep(250)
    const rotated = await sessions.rotate(rotation(s, d('digest-0'), d('digest-1'), { idleTtlMs: 400 }))
    t.match(rotated, { outcome: 'rotated' })
    await sleep(250) // 500 ms after creation: alive only because the rotation restarted the clock
    t.equal((await sessions.list(u.id, Date.now())).length, 1)
    await sleep(300)
    t.same(await sessions.rotate(rotation(s, d('digest-1'), d('digest-2'), { idleTtlMs: 400 })), { outcome: 'unknown' })
    t.same(await sessions.list(u.id, Date.now()), [])
  })

  t.test('sessions: no rotation extends a session past its absolute lifetime', async (t) => {
    const { sessions, s } = await openSession(t, { idleTtlMs: HOUR, maxTtlMs: 500 })
    const rotated = await sessions.rotate(rotation(s, d('digest-0'), d('digest-1')))
    t.match(rotated, { outcome: 'rotated', expiresAtMs: s.nowMs + 500 })
    await sleep(600)
    t.same(await sessions.rotate(rotation(s, d('digest-1'), d('digest-2'))), { outcome: 'unknown' })
  })

  t.test('sessions: list shows live sessions with their details, and prunes the rest', async (t) => {
    const { users, sessions } = await makeStores(t)
    const u = user()
    await users.create(u)
    const short = session(u.id, { idleTtlMs: 200, userAgent: 'short-lived' })
    const long = session(u.id, { userAgent: 'long-lived', ip: '10.0.0.7' })
    await sessions.create(short)
    await sessions.create(long)
    t.equal((await sessions.list(u.id, Date.now())).length, 2)
    await sleep(300)
    t.same(await sessions.list(u.id, Date.now()), [{
      sessionId: long.sessionId,
      createdAtMs: long.nowMs,
      lastUsedAtMs: long.nowMs,
      expiresAtMs: long.nowMs + HOUR,
      userAgent: 'long-lived',
      ip: '10.0.0.7'
    }])
  })

  t.test('sessions: a long, non-ASCII user agent comes back whole', async (t) => {
    const { users, sessions } = await makeStores(t)
    const u = user()
    await users.create(u)
    const userAgent = `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 — Ünïcødé 漢字 ${'é'.repeat(60)}`
    await sessions.create(session(u.id, { userAgent }))
    t.equal((await sessions.list(u.id, Date.now()))[0]?.userAgent, userAgent)
  })

  t.test('sessions: user agents come back exactly, and a missing or empty one as none', async (t) => {
    const { users, sessions } = await makeStores(t)
    const u = user()
    await users.create(u)
    const agents = {
      browser: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      app: 'okhttp/4.12.0',
      // The service's cap, in the latin1 characters Node makes of header bytes, in an order
      // no compressor can shorten much: stored in several pieces by the Redis store.
      capped: Array.from({ length: 256 }, (_, i) => String.fromCharCode(32 + ((i * 89) % 224))).join(''),
      control: 'a\u0000b\tc\u007fd',
      byteOrderMark: '\ufeffApp/1.0'
    }
    const withAgent = Object.entries(agents).map(([name, userAgent]) => ({ name, s: session(u.id, { userAgent }) }))
    const { userAgent: _, ...withoutAgent } = session(u.id)
    const empty = session(u.id, { userAgent: '' })
    for (const s of [...withAgent.map((w) => w.s), withoutAgent, empty]) await sessions.create(s)
    const listed = new Map((await sessions.list(u.id, Date.now())).map((s) => [s.sessionId, s]))
    t.equal(listed.size, withAgent.length + 2)
    for (const { name, s } of withAgent) t.equal(listed.get(s.sessionId)?.userAgent, s.userAgent, name)
    t.notOk('userAgent' in listed.get(withoutAgent.sessionId)!, 'no agent given: none listed')
    t.notOk('userAgent' in listed.get(empty.sessionId)!, 'an empty agent: none listed')
    t.equal(listed.get(empty.sessionId)?.ip, '127.0.0.1', 'the rest of the session is there')
  })

  t.test('sessions: revoke one, then revoke all', async (t) => {
    const { users, sessions } = await makeStores(t)
    const u = user()
    await users.create(u)
    const [a, b, c] = [session(u.id), session(u.id), session(u.id)]
    for (const s of [a!, b!, c!]) await sessions.create(s)
    t.equal(await sessions.revoke(a!), true)
    t.equal(await sessions.revoke(a!), false)
    t.equal(await sessions.revokeAll(u.id), 2)
    t.equal(await sessions.revokeAll(u.id), 0)
    t.same(await sessions.rotate(rotation(b!, d('digest-0'), d('digest-1'))), { outcome: 'unknown' })
  })

  t.test('sessions: replacePassword ends every session and opens one, atomically', async (t) => {
    const { users, sessions } = await makeStores(t)
    const u = user()
    await users.create(u)
    const old = session(u.id)
    await sessions.create(old)
    const fresh = session(u.id, { secretDigest: d('fresh-0') })
    t.same(await sessions.replacePassword('hash-new', fresh), { expiresAtMs: fresh.nowMs + HOUR })
    t.equal((await users.findById(u.id))?.passwordHash, 'hash-new')
    t.same((await sessions.list(u.id, Date.now())).map((s) => s.sessionId), [fresh.sessionId])
    t.same(await sessions.rotate(rotation(old, d('digest-0'), d('digest-1'))), { outcome: 'unknown' })
    t.match(await sessions.rotate(rotation(fresh, d('fresh-0'), d('fresh-1'))), { outcome: 'rotated' })
    t.equal(await sessions.replacePassword('hash', session(newId())), null, 'a missing user changes nothing')
  })

  t.test('ping answers while the store is up', async (t) => {
    const stores = await makeStores(t)
    await t.resolves(stores.ping())
  })
}
