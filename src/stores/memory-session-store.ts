import type { NewSession, SessionInfo, SessionKey, SessionStore, UserStore } from './types.js'

// The in-process twin of the Redis session scripts, rule for rule. Expiry is checked on
// every access, and a sweep drops sessions nobody touches again, so memory stays bounded.

interface StoredSession {
  digest: string
  rotatedAtMs?: number
  createdAtMs: number
  absoluteExpiresAtMs: number
  expiresAtMs: number
  userAgent?: string
  ip?: string
}

export interface MemorySessionStore extends SessionStore {
  /** Drops every expired session; the store calls it periodically too. */
  sweep: () => void
  close: () => void
}

const SWEEP_INTERVAL_MS = 60_000

export function createMemorySessionStore (users: UserStore, clock: () => number = Date.now): MemorySessionStore {
  const byUser = new Map<string, Map<string, StoredSession>>()

  function live (userId: string, nowMs: number): Map<string, StoredSession> | undefined {
    const sessions = byUser.get(userId)
    if (sessions === undefined) return undefined
    for (const [id, session] of sessions) {
      if (session.expiresAtMs <= nowMs) sessions.delete(id)
    }
    if (sessions.size === 0) {
      byUser.delete(userId)
      return undefined
    }
    return sessions
  }

  function open (session: NewSession): { expiresAtMs: number } {
    const absoluteExpiresAtMs = session.nowMs + session.maxTtlMs
    const expiresAtMs = Math.min(session.nowMs + session.idleTtlMs, absoluteExpiresAtMs)
    const sessions = live(session.userId, session.nowMs) ?? new Map<string, StoredSession>()
    sessions.set(session.sessionId, {
      digest: session.secretDigest,
      createdAtMs: session.nowMs,
      absoluteExpiresAtMs,
      expiresAtMs,
      ...(session.userAgent !== undefined && session.userAgent !== '' && { userAgent: session.userAgent }),
      ...(session.ip !== undefined && session.ip !== '' && { ip: session.ip })
    })
    byUser.set(session.userId, sessions)
    return { expiresAtMs }
  }

  function end ({ userId, sessionId }: SessionKey): boolean {
    const sessions = live(userId, clock())
    const existed = sessions?.delete(sessionId) ?? false
    if (sessions?.size === 0) byUser.delete(userId)
    return existed
  }

  const sweeper = setInterval(sweep, SWEEP_INTERVAL_MS).unref()
  function sweep (): void {
    const nowMs = clock()
    for (const userId of byUser.keys()) live(userId, nowMs)
  }

  return {
    async create (session) {
      return open(session)
    },

    async rotate (r) {
      // The one await comes first: from here on the rule runs without yielding, which is
      // what makes it atomic against concurrent rotations of the same token.
      const user = await users.findById(r.userId)
      const session = live(r.userId, r.nowMs)?.get(r.sessionId)
      if (session === undefined) return { outcome: 'unknown' }
      if (user === null) {
        end(r)
        return { outcome: 'unknown' }
      }
      if (session.digest === r.presentedDigest) {
        const expiresAtMs = Math.min(r.nowMs + r.idleTtlMs, session.absoluteExpiresAtMs)
        if (expiresAtMs <= r.nowMs) {
          end(r)
          return { outcome: 'unknown' }
        }
        Object.assign(session, { digest: r.successorDigest, rotatedAtMs: r.nowMs, expiresAtMs })
        return { outcome: 'rotated', role: user.role, expiresAtMs }
      }
      // The successor derives from the presented secret: if it is current, the presented
      // token is the one rotated last (see RotateRequest).
      if (session.digest === r.successorDigest && session.rotatedAtMs !== undefined && r.nowMs - session.rotatedAtMs < r.graceMs) {
        return { outcome: 'replayed', role: user.role, expiresAtMs: session.expiresAtMs }
      }
      end(r)
      return { outcome: 'reused' }
    },

    async revoke (key) {
      return end(key)
    },

    async revokeAll (userId) {
      const count = live(userId, clock())?.size ?? 0
      byUser.delete(userId)
      return count
    },

    async list (userId, nowMs) {
      const sessions = live(userId, nowMs) ?? new Map<string, StoredSession>()
      return [...sessions].map(([sessionId, s]): SessionInfo => ({
        sessionId,
        createdAtMs: s.createdAtMs,
        lastUsedAtMs: s.rotatedAtMs ?? s.createdAtMs,
        expiresAtMs: s.expiresAtMs,
        ...(s.userAgent !== undefined && { userAgent: s.userAgent }),
        ...(s.ip !== undefined && { ip: s.ip })
      })).sort((a, b) => a.expiresAtMs - b.expiresAtMs)
    },

    async replacePassword (passwordHash, session) {
      if (await users.findById(session.userId) === null) return null
      await users.setPasswordHash(session.userId, passwordHash)
      byUser.delete(session.userId)
      return open(session)
    },

    sweep,
    close: () => clearInterval(sweeper)
  }
}
