// The machine's raw argon2id rate: `concurrency` verifies in flight at once, each started
// as soon as one finishes, at exactly the server's cost; nothing else in the process.
// @node-rs/argon2 runs them on libuv's thread pool (UV_THREADPOOL_SIZE) at normal priority:
// the machine's ceiling. The server runs at most one per core, on threads of lower priority.
import { hash, verify } from '@node-rs/argon2'

const ARGON2ID = 2 // Algorithm.Argon2id (a const enum)
const PASSWORD = 'correct horse battery staple'

/** params: { cost: { memoryKiB, timeCost, parallelism }, concurrency, durationSec } */
export async function runArgon2Rate ({ cost, concurrency, durationSec }) {
  const passwordHash = await hash(PASSWORD, { algorithm: ARGON2ID, memoryCost: cost.memoryKiB, timeCost: cost.timeCost, parallelism: cost.parallelism })
  let completed = 0
  let wrong = 0
  const start = performance.now()
  const end = start + durationSec * 1000
  async function lane () {
    while (performance.now() < end) {
      if (await verify(passwordHash, PASSWORD)) completed++
      else wrong++
    }
  }
  await Promise.all(Array.from({ length: concurrency }, lane))
  const elapsedSec = (performance.now() - start) / 1000
  return { durationSec: elapsedSec, responses: completed, reqPerSec: Math.round((completed / elapsedSec) * 10) / 10, errors: wrong, timeouts: 0, non2xx: 0, latencyMs: null }
}
