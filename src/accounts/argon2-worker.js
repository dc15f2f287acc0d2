// The password pool's worker thread (see password.ts). Plain JavaScript, so a thread
// starts in milliseconds with no TypeScript loader; the build copies it beside password.js.
//
// Each argon2 call is synchronous here, on this thread, which runs at a lower CPU priority
// than the event loop: under a login flood the kernel serves the token-only requests first.
// On Linux the nice value belongs to the thread; elsewhere setpriority would lower the
// whole process, so there the thread keeps the normal priority.
import { setPriority } from 'node:os'
import { hashSync, verifySync } from '@node-rs/argon2'

const NICE = 10
if (process.platform === 'linux') setPriority(0, NICE)

/**
 * A hash, or whether the password matches: false for a malformed hash too, so that an
 * error reaching the caller always means the pool itself failed.
 * @param {{ op: 'hash' | 'verify', password: string, passwordHash?: string, options?: import('@node-rs/argon2').Options }} task
 */
export default function run ({ op, password, passwordHash, options }) {
  if (op === 'hash') return hashSync(password, options)
  try {
    return verifySync(passwordHash, password)
  } catch {
    return false
  }
}
