import { RefreshTokenInvalidError, RefreshTokenMissingError, RefreshTokenReusedError, SessionNotFoundError } from '../errors.js'
import { newId } from '../ids.js'
import type { SessionInfo, SessionStore } from '../stores/types.js'
import type { AccessTokens } from '../tokens/access-token.js'
import {
  digestRefreshSecret, formatRefreshToken, newRefreshSecret, parseRefreshToken, type SuccessorDeriver
} from '../tokens/refresh-token.js'

// The rotation and reuse rules of API.md. The store applies each one atomically; this
// module decides what a token means and what the client gets back.

export interface TokenPair {
  sessionId: string
  accessToken: string
  expiresInSeconds: number
  refreshToken: string
  refreshExpiresInSeconds: number
}

export interface ClientInfo {
  userAgent?: string
  ip?: string
}

export interface SessionLifetimes {
  idleTtlMs: number
  maxTtlMs: number
  graceMs: number
}

export interface SessionService {
  startSession: (user: { id: string, role: string }, client: ClientInfo) => Promise<TokenPair>
  /** Starts `user`'s only session after setting a new password hash; null if the user is gone. */
  restartAllSessions: (user: { id: string, role: string }, passwordHash: string, client: ClientInfo) => Promise<TokenPair | null>
  rotate: (refreshToken: string | undefined) => Promise<TokenPair>
  /** Ends the session a refresh token names, whatever state the token is in; idempotent. */
  endSession: (refreshToken: string | undefined) => Promise<void>
  endAllSessions: (userId: string) => Promise<void>
  endSessionById: (userId: string, sessionId: string) => Promise<void>
  listSessions: (userId: string) => Promise<SessionInfo[]>
}

export interface SessionServiceDeps {
  store: SessionStore
  accessTokens: AccessTokens
  successors: SuccessorDeriver
  lifetimes: SessionLifetimes
  clock?: () => number
}

// User agents can be long; the session list only needs enough to recognise a device.
const MAX_USER_AGENT_LENGTH = 256

export function createSessionService ({ store, accessTokens, successors, lifetimes, clock = Date.now }: SessionServiceDeps): SessionService {
  function pair (userId: string, sessionId: string, role: string, secret: string, expiresAtMs: number, nowMs: number): TokenPair {
    const { accessToken, expiresInSeconds } = accessTokens.sign({ userId, sessionId, role })
    return {
      sessionId,
      accessToken,
      expiresInSeconds,
      refreshToken: formatRefreshToken({ userId, sessionId, secret }),
      refreshExpiresInSeconds: Math.max(0, Math.floor((expiresAtMs - nowMs) / 1000))
    }
  }

  function newSession (userId: string, client: ClientInfo): { secret: string, session: Parameters<SessionStore['create']>[0] } {
    const secret = newRefreshSecret()
    const userAgent = client.userAgent?.slice(0, MAX_USER_AGENT_LENGTH)
    return {
      secret,
      session: {
        userId,
        sessionId: newId(),
        secretDigest: digestRefreshSecret(secret),
        nowMs: clock(),
        idleTtlMs: lifetimes.idleTtlMs,
        maxTtlMs: lifetimes.maxTtlMs,
        ...(userAgent !== undefined && { userAgent }),
        ...(client.ip !== undefined && { ip: client.ip })
      }
    }
  }

  return {
    async startSession (user, client) {
      const { secret, session } = newSession(user.id, client)
      const { expiresAtMs } = await store.create(session)
      return pair(user.id, session.sessionId, user.role, secret, expiresAtMs, session.nowMs)
    },

    async restartAllSessions (user, passwordHash, client) {
      const { secret, session } = newSession(user.id, client)
      const opened = await store.replacePassword(passwordHash, session)
      return opened === null ? null : pair(user.id, session.sessionId, user.role, secret, opened.expiresAtMs, session.nowMs)
    },

    async rotate (refreshToken) {
      if (refreshToken === undefined || refreshToken === '') throw new RefreshTokenMissingError()
      const parts = parseRefreshToken(refreshToken)
      if (parts === null) throw new RefreshTokenInvalidError()
      const successor = successors.successorOf(parts.secret)
      const nowMs = clock()
      const result = await store.rotate({
        userId: parts.userId,
        sessionId: parts.sessionId,
        presentedDigest: digestRefreshSecret(parts.secret),
        successorDigest: digestRefreshSecret(successor),
        nowMs,
        idleTtlMs: lifetimes.idleTtlMs,
        graceMs: lifetimes.graceMs
      })
      switch (result.outcome) {
        case 'rotated':
        case 'replayed':
          return pair(parts.userId, parts.sessionId, result.role, successor, result.expiresAtMs, nowMs)
        case 'reused':
          throw new RefreshTokenReusedError()
        case 'unknown':
          throw new RefreshTokenInvalidError()
      }
    },

    async endSession (refreshToken) {
      const parts = parseRefreshToken(refreshToken)
      if (parts !== null) await store.revoke(parts)
    },

    async endAllSessions (userId) {
      await store.revokeAll(userId)
    },

    async endSessionById (userId, sessionId) {
      if (!await store.revoke({ userId, sessionId })) throw new SessionNotFoundError()
    },

    async listSessions (userId) {
      return await store.list(userId, clock())
    }
  }
}
