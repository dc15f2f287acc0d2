import { createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto'

// A refresh token is `<user id>.<session id>.<secret>`: the ids let the store find the
// session (and the user's hash slot) in one step; only a SHA-256 digest of the secret is
// stored. A successor's secret is HMAC(key, secret): the server can recompute the
// successor of a just-rotated token, which is how a retry within the grace window gets
// the very same token back without the store ever holding it in the clear.

export interface RefreshTokenParts {
  userId: string
  sessionId: string
  secret: string
}

const TOKEN = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/
const MAX_TOKEN_LENGTH = 89

export function newRefreshSecret (): string {
  return randomBytes(32).toString('base64url')
}

export function formatRefreshToken ({ userId, sessionId, secret }: RefreshTokenParts): string {
  return `${userId}.${sessionId}.${secret}`
}

/** The parts of a well-formed token, or `null`: a malformed token is simply not valid. */
export function parseRefreshToken (token: unknown): RefreshTokenParts | null {
  if (typeof token !== 'string' || token.length !== MAX_TOKEN_LENGTH) return null
  const match = TOKEN.exec(token)
  if (match === null) return null
  return { userId: match[1]!, sessionId: match[2]!, secret: match[3]! }
}

export function digestRefreshSecret (secret: string): string {
  return createHash('sha256').update(secret).digest('base64url')
}

export interface SuccessorDeriver {
  successorOf: (secret: string) => string
}

/** Derives the successor key from the signing secret, so every instance agrees on it. */
export function createSuccessorDeriver (serverSecret: string): SuccessorDeriver {
  const key = Buffer.from(hkdfSync('sha256', serverSecret, '', 'authgate refresh-token successor v1', 32))
  return {
    successorOf: (secret) => createHmac('sha256', key).update(secret).digest('base64url')
  }
}
