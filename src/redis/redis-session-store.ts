import type { Cluster, Redis } from 'ioredis'
import type { NewSession, RotateResult, SessionInfo, SessionStore } from '../stores/types.js'
import type { RedisKeys } from './keys.js'
import { defineScripts } from './scripts.js'
import { orUnavailable } from './unavailable.js'
import { decodeUserAgent, encodeUserAgent } from './user-agent-codec.js'

// Digests travel and rest as their 32 raw bytes, not as 43 characters of base64url: two
// per session, and every byte counts a hundred million times over.
const raw = (digest: string): Buffer => Buffer.from(digest, 'base64url')

export function createRedisSessionStore (client: Redis | Cluster, keys: RedisKeys): SessionStore {
  defineScripts(client)

  const openArgs = (s: NewSession): Array<string | number | Buffer> =>
    [s.sessionId, raw(s.secretDigest), s.nowMs, s.idleTtlMs, s.maxTtlMs, encodeUserAgent(s.userAgent ?? ''), s.ip ?? '']

  return {
    async create (session) {
      const expiresAtMs = await orUnavailable(client.authgateCreateSession(
        keys.session(session.userId, session.sessionId), keys.sessionIndex(session.userId), ...openArgs(session)))
      return { expiresAtMs: Number(expiresAtMs) }
    },

    async rotate (r) {
      const [outcome, role, expiresAtMs] = await orUnavailable(client.authgateRotateSession(
        keys.session(r.userId, r.sessionId), keys.sessionIndex(r.userId), keys.user(r.userId),
        r.sessionId, raw(r.presentedDigest), raw(r.successorDigest), r.nowMs, r.idleTtlMs, r.graceMs))
      if ((outcome === 'rotated' || outcome === 'replayed') && role !== undefined) {
        return { outcome, role, expiresAtMs: Number(expiresAtMs) }
      }
      return { outcome: outcome === 'reused' ? 'reused' : 'unknown' } satisfies RotateResult
    },

    async revoke ({ userId, sessionId }) {
      const existed = await orUnavailable(client.authgateRevokeSession(
        keys.session(userId, sessionId), keys.sessionIndex(userId), sessionId, Date.now()))
      return existed === 1
    },

    async revokeAll (userId) {
      return await orUnavailable(client.authgateRevokeAllSessions(keys.sessionIndex(userId), keys.sessionPrefix(userId)))
    },

    async list (userId, nowMs) {
      // The Buffer variant, for the user agent's deflated bytes; the rest is text.
      const flat = await orUnavailable(client.authgateListSessionsBuffer(keys.sessionIndex(userId), keys.sessionPrefix(userId), nowMs))
      const sessions: SessionInfo[] = []
      for (let i = 0; i < flat.length; i += 6) {
        const [sessionId, expiresAt, createdAt, rotatedAt, , ip] = flat.slice(i, i + 6).map((field) => field.toString())
        const userAgent = decodeUserAgent(flat[i + 4]!)
        sessions.push({
          sessionId: sessionId!,
          expiresAtMs: Number(expiresAt),
          createdAtMs: Number(createdAt),
          lastUsedAtMs: Number(rotatedAt === '' ? createdAt : rotatedAt),
          ...(userAgent !== undefined && { userAgent }),
          ...(ip !== '' && { ip })
        })
      }
      return sessions
    },

    async replacePassword (passwordHash, session) {
      const expiresAtMs = await orUnavailable(client.authgateReplacePassword(
        keys.user(session.userId), keys.sessionIndex(session.userId), keys.session(session.userId, session.sessionId),
        passwordHash, keys.sessionPrefix(session.userId), ...openArgs(session)))
      return expiresAtMs < 0 ? null : { expiresAtMs: Number(expiresAtMs) }
    }
  }
}
