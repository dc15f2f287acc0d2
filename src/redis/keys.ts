// Every Redis key authgate writes is built here. All keys of one user carry the hash tag
// `{<user id>}`, so each script touches a single slot and runs unchanged on Redis Cluster.

export interface RedisKeys {
  user: (userId: string) => string
  session: (userId: string, sessionId: string) => string
  /** The session key without its id: scripts append ids read from the index. */
  sessionPrefix: (userId: string) => string
  sessionIndex: (userId: string) => string
  email: (email: string) => string
}

export function createRedisKeys (prefix: string): RedisKeys {
  const tag = (userId: string): string => `${prefix}{${userId}}:`
  return {
    user: (userId) => `${tag(userId)}user`,
    session: (userId, sessionId) => `${tag(userId)}s:${sessionId}`,
    sessionPrefix: (userId) => `${tag(userId)}s:`,
    sessionIndex: (userId) => `${tag(userId)}sessions`,
    email: (email) => `${prefix}email:${email}`
  }
}
