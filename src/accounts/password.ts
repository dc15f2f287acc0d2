import { hash, parseOptions, verify } from '@node-rs/argon2'

// argon2id via @node-rs/argon2: the work runs on libuv's thread pool, so the event loop
// stays free while a login hashes.

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

export function createPasswordHasher (cost: Argon2Cost): PasswordHasher {
  const options = { algorithm: ARGON2ID, memoryCost: cost.memoryKiB, timeCost: cost.timeCost, parallelism: cost.parallelism }
  let dummyHash: Promise<string> | undefined

  async function verifyHash (passwordHash: string, password: string): Promise<boolean> {
    try {
      return await verify(passwordHash, password)
    } catch {
      return false
    }
  }

  return {
    hash: async (password) => await hash(password, options),
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
