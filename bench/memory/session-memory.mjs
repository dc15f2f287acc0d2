// Redis memory per live session, measured through the real store (dist/, the code the
// server runs): users first, then `sessions` sessions spread `perUser` to a user, each
// then rotated once (a live session in use has been: it then also holds the digest of
// the previous token and the rotation time), with INFO memory's used_memory read before
// the sessions, after creating them, and after rotating them. The difference holds
// everything the sessions cost: each session hash with its TTL entry, each user's session
// index (a sorted set, created with the user's first session), and the growth of Redis's
// key and expiry tables. User records and email keys exist without sessions and are in
// the "before" figure.
import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import { parseDurationMs } from '../../dist/duration.js'
import { newId } from '../../dist/ids.js'
import { DEFAULTS } from '../../dist/options.js'
import { createRedisStores } from '../../dist/redis/redis-stores.js'
import { digestRefreshSecret, newRefreshSecret } from '../../dist/tokens/refresh-token.js'
import { inParallel } from '../parallel.mjs'
import { randomIp, userAgentAt } from './clients.mjs'

const IN_FLIGHT = 256
const PREFIX = 'authgate:'

export async function measureSessionMemory ({ redisUrl, sessions, perUser }) {
  const client = new Redis(redisUrl, { enableAutoPipelining: true })
  const stores = createRedisStores({ client, keyPrefix: PREFIX })
  try {
    const userCount = Math.ceil(sessions / perUser)
    const userIds = await inParallel(userCount, IN_FLIGHT, async (i) => {
      const id = newId()
      await stores.users.create({ id, email: `user-${i}@example.com`, role: 'user', passwordHash: fakeArgon2Hash(), createdAtMs: Date.now() })
      return id
    })
    const before = await usedMemory(client)
    const keysBefore = await client.dbsize()
    const idleTtlMs = parseDurationMs(DEFAULTS.refreshTokenTtl)
    const maxTtlMs = parseDurationMs(DEFAULTS.sessionMaxTtl)
    const created = await inParallel(sessions, IN_FLIGHT, async (i) => {
      const userId = userIds[i % userCount]
      const sessionId = newId()
      const secret = newRefreshSecret()
      await stores.sessions.create({
        userId, sessionId, secretDigest: digestRefreshSecret(secret), nowMs: Date.now(), idleTtlMs, maxTtlMs, userAgent: userAgentAt(i), ip: randomIp()
      })
      return { userId, sessionId, secret }
    })
    const afterCreate = await usedMemory(client)
    await inParallel(sessions, IN_FLIGHT, async (i) => {
      const { userId, sessionId, secret } = created[i]
      const outcome = await stores.sessions.rotate({
        userId, sessionId, presentedDigest: digestRefreshSecret(secret), successorDigest: digestRefreshSecret(newRefreshSecret()), nowMs: Date.now(), idleTtlMs, graceMs: 10_000
      })
      if (outcome.outcome !== 'rotated') throw new Error(`rotation ${i}: ${outcome.outcome}`)
    })
    const after = await usedMemory(client)
    const keysAfter = await client.dbsize()
    const sample = created[Math.floor(sessions / 2)]
    return {
      sessions,
      users: userCount,
      sessionsPerUser: perUser,
      usedMemoryBefore: before,
      usedMemoryAfterCreate: afterCreate,
      usedMemoryAfterRotate: after,
      bytesPerNewSession: Math.round((afterCreate - before) / sessions),
      bytesPerSession: Math.round((after - before) / sessions),
      keysPerSession: Math.round(((keysAfter - keysBefore) / sessions) * 1000) / 1000,
      // MEMORY USAGE of one of each key (Redis's own estimate, allocator overhead included).
      sampleSessionKeyBytes: await client.memory('USAGE', `${PREFIX}{${sample.userId}}:s:${sample.sessionId}`, 'SAMPLES', '0'),
      sampleIndexKeyBytes: await client.memory('USAGE', `${PREFIX}{${sample.userId}}:sessions`, 'SAMPLES', '0')
    }
  } finally {
    await client.quit()
  }
}

async function usedMemory (client) {
  const info = await client.info('memory')
  return Number(/^used_memory:(\d+)/m.exec(info)[1])
}

function fakeArgon2Hash () {
  const b64 = (bytes) => randomBytes(bytes).toString('base64').replace(/=+$/, '')
  return `$argon2id$v=19$m=19456,t=2,p=1$${b64(16)}$${b64(32)}`
}
