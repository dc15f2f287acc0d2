import type { UserRecord, UserStore } from './types.js'

export function createMemoryUserStore (): UserStore {
  const byId = new Map<string, UserRecord>()
  const idByEmail = new Map<string, string>()
  // Copies in and out, as a real store would: callers never share an object with it.
  const copy = (user: UserRecord | undefined): UserRecord | null => user === undefined ? null : { ...user }

  return {
    async create (user) {
      if (idByEmail.has(user.email)) return false
      idByEmail.set(user.email, user.id)
      byId.set(user.id, { ...user })
      return true
    },
    async findByEmail (email) {
      const id = idByEmail.get(email)
      return id === undefined ? null : copy(byId.get(id))
    },
    async findById (id) {
      return copy(byId.get(id))
    },
    async setPasswordHash (userId, passwordHash) {
      const user = byId.get(userId)
      if (user !== undefined) user.passwordHash = passwordHash
    },
    async swapPasswordHash (userId, expectedHash, passwordHash) {
      const user = byId.get(userId)
      if (user === undefined || user.passwordHash !== expectedHash) return false
      user.passwordHash = passwordHash
      return true
    }
  }
}
