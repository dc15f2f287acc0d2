import { createMemorySessionStore } from './memory-session-store.js'
import { createMemoryUserStore } from './memory-user-store.js'
import type { Stores } from './types.js'

/**
 * Users and sessions in this process: the zero-setup default. Same behaviour as Redis,
 * but nothing is shared between processes and nothing survives a restart.
 */
export function createMemoryStores (options: { clock?: () => number } = {}): Stores {
  const users = createMemoryUserStore()
  const sessions = createMemorySessionStore(users, options.clock)
  return {
    kind: 'memory',
    users,
    sessions,
    async ping () {},
    async close () {
      sessions.close()
    }
  }
}
