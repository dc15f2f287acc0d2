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
  // A brace in the prefix would become the hash tag of every key (one slot for all users),
  // or, as `{}`, leave each key untagged and scatter one user's keys over the cluster.
  if (/[{}]/.test(prefix)) throw new Error('authgate: the Redis key prefix must not contain { or }: authgate adds its own hash tags')
  const tag = (userId: string): string => `${prefix}{${userId}}:`
  return {
    user: (userId) => `${tag(userId)}user`,
    session: (userId, sessionId) => `${tag(userId)}s:${sessionId}`,
    sessionPrefix: (userId) => `${tag(userId)}s:`,
    sessionIndex: (userId) => `${tag(userId)}sessions`,
    email: (email) => `${prefix}email:${email}`
  }
}
