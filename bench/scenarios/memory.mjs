// Scenario 6: Redis memory per live session, each layout on a fresh private redis-server:
// four sessions per user (a phone, a laptop, …) and one per user (each session then pays
// for its user's session index alone: the worst case); first with Redis's defaults, then
// with hash-max-listpack-value raised to 256, which a session hash holding a browser's
// user agent as text (over the default 64 bytes) once needed to keep Redis's compact
// encoding. The store now keeps every value within 64 bytes (the agent deflated, and in
// 64-byte pieces if still longer), so both should give the same figures.
import { measureSessionMemory } from '../memory/session-memory.mjs'
import { startRedisServer } from '../../scripts/redis-server.mjs'

const TARGET_BYTES = 400
const LAYOUTS = [
  { perUser: 4, config: [] },
  { perUser: 1, config: [] },
  { perUser: 4, config: ['hash-max-listpack-value', '256'] },
  { perUser: 1, config: ['hash-max-listpack-value', '256'] }
]

export async function memoryGroup (ctx) {
  const rows = []
  for (const { perUser, config } of LAYOUTS) {
    const redis = await startRedisServer(ctx.redisServer, { extraArgs: config.length === 0 ? [] : [`--${config[0]}`, config[1]] })
    const configText = config.length === 0 ? 'Redis defaults' : config.join(' ')
    let result
    try {
      ctx.log(`memory: ${ctx.options.sessions} sessions, ${perUser} per user, ${configText}`)
      result = await measureSessionMemory({ redisUrl: redis.url, sessions: ctx.options.sessions, perUser })
    } finally {
      await redis.stop()
    }
    ctx.log(`  ${result.bytesPerSession} B per session rotated once (${result.bytesPerNewSession} B when new); ${result.keysPerSession} keys per session; one session hash ${result.sampleSessionKeyBytes} B, one index ${result.sampleIndexKeyBytes} B`)
    const pass = result.bytesPerSession <= TARGET_BYTES
    rows.push({
      id: `memory-${perUser}-per-user${config.length === 0 ? '' : '-listpack-256'}`,
      title: `Redis memory per live session (${perUser}/user, ${configText})`,
      kind: 'memory',
      bytesPerSession: result.bytesPerSession,
      target: `≤ ${TARGET_BYTES} B/session, all keys`,
      pass,
      correct: true,
      misses: pass ? [] : [`${result.bytesPerSession} B, ${result.bytesPerSession - TARGET_BYTES} B over`],
      memory: { ...result, redisConfig: configText }
    })
  }
  return rows
}
