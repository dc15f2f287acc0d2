// The storage contract. Two implementations (memory and Redis) pass one shared test
// suite (test/store-contract.ts). Stores keep data and apply each rule atomically; the
// rules themselves (what a token means, when to rotate) live in the services.

export interface UserRecord {
  id: string
  /** Trimmed and lower-cased; unique. */
  email: string
  name?: string
  role: string
  passwordHash: string
  createdAtMs: number
}

export interface UserStore {
  /** Claims the email and writes the user; `false` (and nothing written) if the email is taken. */
  create: (user: UserRecord) => Promise<boolean>
  findByEmail: (email: string) => Promise<UserRecord | null>
  findById: (id: string) => Promise<UserRecord | null>
  setPasswordHash: (userId: string, passwordHash: string) => Promise<void>
  /**
   * Replaces the hash only if it is still `expectedHash`, atomically; `false` (and nothing
   * changed) otherwise. For rehashing on login: a password change in between must win.
   */
  swapPasswordHash: (userId: string, expectedHash: string, passwordHash: string) => Promise<boolean>
}

export interface SessionKey {
  userId: string
  sessionId: string
}

export interface NewSession extends SessionKey {
  /** Digest of the first refresh token's secret (never the secret itself). */
  secretDigest: string
  nowMs: number
  idleTtlMs: number
  maxTtlMs: number
  userAgent?: string
  ip?: string
}

export interface RotateRequest extends SessionKey {
  presentedDigest: string
  /**
   * Digest of the successor the presented secret derives to, by HMAC (see
   * tokens/refresh-token.ts). Stores rely on that derivation: a session whose current
   * digest is this one was rotated from the presented token, so a store keeps no digest of
   * the previous token to recognise a retry.
   */
  successorDigest: string
  nowMs: number
  idleTtlMs: number
  graceMs: number
}

export type RotateResult =
  /** The presented token was current; the successor is now current. */
  | { outcome: 'rotated', role: string, expiresAtMs: number }
  /** The presented token was rotated within the grace window and its successor is unused. */
  | { outcome: 'replayed', role: string, expiresAtMs: number }
  /** A wrong secret for a live session: the session is gone now. */
  | { outcome: 'reused' }
  /** No live session by that id. */
  | { outcome: 'unknown' }

export interface SessionInfo {
  sessionId: string
  createdAtMs: number
  lastUsedAtMs: number
  expiresAtMs: number
  userAgent?: string
  ip?: string
}

export interface SessionStore {
  /** Writes a session and its index entry, with TTLs; returns when it expires if unused. */
  create: (session: NewSession) => Promise<{ expiresAtMs: number }>
  /** Rotate, replay within grace, or revoke on reuse, as one atomic step. */
  rotate: (request: RotateRequest) => Promise<RotateResult>
  /** Deletes one session; `false` if there was none. */
  revoke: (key: SessionKey) => Promise<boolean>
  /** Deletes every session of a user; returns how many there were. */
  revokeAll: (userId: string) => Promise<number>
  /** Live sessions of a user (expired ones pruned from the index on the way). */
  list: (userId: string, nowMs: number) => Promise<SessionInfo[]>
  /**
   * Sets a new password hash, ends every session and opens `session`, as one atomic step;
   * `null` (and nothing changed) when the user no longer exists.
   */
  replacePassword: (passwordHash: string, session: NewSession) => Promise<{ expiresAtMs: number } | null>
}

/** The stores the plugin works with, plus what the service needs of their backend. */
export interface Stores {
  kind: 'memory' | 'redis'
  users: UserStore
  sessions: SessionStore
  /** The Redis behind the stores, if any: rate-limit counters live there too. */
  redis?: { client: import('ioredis').Redis | import('ioredis').Cluster, keyPrefix: string }
  /** Resolves when the backend answers; rejects with StoreUnavailable otherwise. */
  ping: () => Promise<void>
  /** Releases what the stores own (an injected Redis client is left open). */
  close: () => Promise<void>
}
