import type { Cluster, Redis } from 'ioredis'
import type { UserRecord, UserStore } from '../stores/types.js'
import type { RedisKeys } from './keys.js'
import { defineScripts } from './scripts.js'
import { orUnavailable } from './unavailable.js'

// A user is a hash under its own hash tag (so session scripts can read the role in the same
// slot); the email is claimed with SET NX on a key of its own. The user is written first:
// if the claim then fails, the unreachable user hash is removed again, and a crash in
// between leaves only an unreachable hash, never a taken email without an account.

export function createRedisUserStore (client: Redis | Cluster, keys: RedisKeys): UserStore {
  defineScripts(client)

  async function findById (id: string): Promise<UserRecord | null> {
    const fields = await orUnavailable(client.hgetall(keys.user(id)))
    return toUser(id, fields)
  }

  return {
    async create (user) {
      const userKey = keys.user(user.id)
      await orUnavailable(client.hset(userKey, fromUser(user)))
      const claimed = await orUnavailable(client.set(keys.email(user.email), user.id, 'NX'))
      if (claimed === 'OK') return true
      await orUnavailable(client.del(userKey))
      return false
    },

    async findByEmail (email) {
      const id = await orUnavailable(client.get(keys.email(email)))
      return id === null ? null : await findById(id)
    },

    findById,

    async setPasswordHash (userId, passwordHash) {
      await orUnavailable(client.hset(keys.user(userId), 'hash', passwordHash))
    },

    async swapPasswordHash (userId, expectedHash, passwordHash) {
      return await orUnavailable(client.authgateSwapPasswordHash(keys.user(userId), expectedHash, passwordHash)) === 1
    }
  }
}

function fromUser (user: UserRecord): Record<string, string> {
  return {
    email: user.email,
    role: user.role,
    hash: user.passwordHash,
    createdAt: String(user.createdAtMs),
    ...(user.name !== undefined && { name: user.name })
  }
}

function toUser (id: string, fields: Record<string, string>): UserRecord | null {
  const { email, role, hash, createdAt, name } = fields
  if (email === undefined || role === undefined || hash === undefined || createdAt === undefined) return null
  return { id, email, role, passwordHash: hash, createdAtMs: Number(createdAt), ...(name !== undefined && { name }) }
}
