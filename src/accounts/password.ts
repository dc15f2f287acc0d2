import { availableParallelism } from 'node:os'
import { hash, parseOptions, verify } from '@node-rs/argon2'
import pLimit from 'p-limit'

// argon2id via @node-rs/argon2: the work runs on libuv's thread pool, so the event loop
// stays free while a login hashes. At most one hash per core runs at once: more would not
// log anyone in sooner (each is CPU-bound), but would crowd out the event loop, Redis and
// every token-only request on the same machine; the rest wait in line, in order.

const ARGON2ID = 2 // Algorithm.Argon2id (a const enum, which isolated-module builds cannot inline)

export interface Argon2Cost {
  memoryKiB: number
  timeCost: number
  parallelism: number
}

export interface PasswordHasher {
  hash: (password: string) => Promise<string>
  /** False for a wrong password or a malformed hash; never throws for either. */
  verify: (passwordHash: string, password: string) => Promise<boolean>
  /** Costs as much as a real verify, for accounts that do not exist. */
  verifyDummy: (password: string) => Promise<void>
  /** Whether a hash was made with a cost other than the configured one. */
  needsRehash: (passwordHash: string) => boolean
}

export function createPasswordHasher (cost: Argon2Cost, concurrency = availableParallelism()): PasswordHasher {
  const options = { algorithm: ARGON2ID, memoryCost: cost.memoryKiB, timeCost: cost.timeCost, parallelism: cost.parallelism }
  const inLine = pLimit(Math.max(1, concurrency))
  let dummyHash: Promise<string> | undefined

  async function verifyHash (passwordHash: string, password: string): Promise<boolean> {
    try {
      return await inLine(async () => await verify(passwordHash, password))
    } catch {
      return false
    }
  }

  return {
    hash: async (password) => await inLine(async () => await hash(password, options)),
    verify: verifyHash,
    async verifyDummy (password) {
      // Made once, at the configured cost, so an unknown email costs what a known one does.
      dummyHash ??= hash('authgate dummy password, never a real one', options)
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
    }
  }
}
