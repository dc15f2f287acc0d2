import { availableParallelism } from 'node:os'
import { type Options, parseOptions } from '@node-rs/argon2'
import { Piscina } from 'piscina'

// argon2id via @node-rs/argon2, in a pool of worker threads (Piscina) that run at a lower
// CPU priority than the event loop: a login flood then takes whatever CPU the token-only
// requests leave, instead of sharing it with them. At most one hash per core runs at once:
// more would not log anyone in sooner (each is CPU-bound); the rest wait in line, in order.

const WORKER = new URL('./argon2-worker.js', import.meta.url).href
// Threads start on the first hash and stay while logins keep coming.
const IDLE_THREAD_MS = 60_000

const ARGON2ID = 2 // Algorithm.Argon2id (a const enum, which isolated-module builds cannot inline)

export interface Argon2Cost {
  memoryKiB: number
  timeCost: number
  parallelism: number
}

/** What a worker thread is asked to do (argon2-worker.js). */
interface Argon2Task {
  op: 'hash' | 'verify'
  password: string
  passwordHash?: string
  options?: Options
}

export interface PasswordHasher {
  hash: (password: string) => Promise<string>
  /** False for a wrong password or a malformed hash; throws only if the pool fails. */
  verify: (passwordHash: string, password: string) => Promise<boolean>
  /** Costs as much as a real verify, for accounts that do not exist. */
  verifyDummy: (password: string) => Promise<void>
  /** Whether a hash was made with a cost other than the configured one. */
  needsRehash: (passwordHash: string) => boolean
  /** Stops the worker threads (after the hashes in flight). */
  close: () => Promise<void>
}

export function createPasswordHasher (cost: Argon2Cost, concurrency = availableParallelism()): PasswordHasher {
  const options = { algorithm: ARGON2ID, memoryCost: cost.memoryKiB, timeCost: cost.timeCost, parallelism: cost.parallelism }
  const pool = new Piscina<Argon2Task, string | boolean>({
    filename: WORKER,
    // The worker is plain JavaScript: it needs none of the parent's loaders or flags.
    execArgv: [],
    minThreads: 0,
    maxThreads: Math.max(1, concurrency),
    idleTimeout: IDLE_THREAD_MS
  })
  let dummyHash: Promise<string> | undefined

  // A pool failure (a crashed thread, a pool closed by shutdown) is an error, never a
  // wrong password: the caller answers 500, not "invalid credentials".
  const verifyHash = async (passwordHash: string, password: string): Promise<boolean> =>
    await pool.run({ op: 'verify', password, passwordHash }) as boolean
  const hash = async (password: string): Promise<string> => await pool.run({ op: 'hash', password, options }) as string

  return {
    hash,
    verify: verifyHash,
    async verifyDummy (password) {
      // Made once, at the configured cost, so an unknown email costs what a known one does.
      dummyHash ??= hash('authgate dummy password, never a real one').catch((error: unknown) => {
        dummyHash = undefined // made again next time, not failed forever
        throw error
      })
      await verifyHash(await dummyHash, password)
    },
    needsRehash (passwordHash) {
      try {
        const used = parseOptions(passwordHash)
        return used.algorithm !== ARGON2ID || used.memoryCost !== cost.memoryKiB ||
          used.timeCost !== cost.timeCost || used.parallelism !== cost.parallelism
      } catch {
        return true
      }
    },
    async close () {
      await pool.close()
    }
  }
}
