// Scenario 6: Redis memory per live session, each layout on a fresh private redis-server:
// four sessions per user (a phone, a laptop, …) and one per user (each session then pays
// for its user's session index alone: the worst case). The target applies to both.
import { measureSessionMemory } from '../memory/session-memory.mjs'
import { startRedisServer } from '../../scripts/redis-server.mjs'

const TARGET_BYTES = 400
const LAYOUTS = [4, 1]

export async function memoryGroup (ctx) {
  const rows = []
  for (const perUser of LAYOUTS) {
    const redis = await startRedisServer(ctx.redisServer)
    let result
    try {
      ctx.log(`memory: ${ctx.options.sessions} sessions, ${perUser} per user, on a fresh redis-server`)
      result = await measureSessionMemory({ redisUrl: redis.url, sessions: ctx.options.sessions, perUser })
    } finally {
      await redis.stop()
    }
    ctx.log(`  ${result.bytesPerSession} bytes/session (${result.keysPerSession} keys/session; one session hash ${result.sampleSessionKeyBytes} B, one index ${result.sampleIndexKeyBytes} B)`)
    const pass = result.bytesPerSession <= TARGET_BYTES
    rows.push({
      id: `memory-${perUser}-per-user`,
      title: `Redis bytes per live session (${perUser} per user)`,
      kind: 'memory',
      bytesPerSession: result.bytesPerSession,
      target: `≤ ${TARGET_BYTES} B/session, all keys`,
      pass,
      correct: true,
      misses: pass ? [] : [`${result.bytesPerSession} B > ${TARGET_BYTES} B (+${result.bytesPerSession - TARGET_BYTES} B)`],
      memory: result
    })
  }
  return rows
}
