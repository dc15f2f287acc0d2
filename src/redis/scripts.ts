import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { Cluster, Redis, Result } from 'ioredis'

// Each rule of the contract is one Lua script, loaded once per client with defineCommand:
// ioredis calls it by SHA and reloads it after a NOSCRIPT (a restart, a failover, a
// SCRIPT FLUSH). File names end in the number of keys the script takes.

const LIB = readLua('lib')

const SCRIPTS = {
  authgateCreateSession: 'create-session-2',
  authgateRotateSession: 'rotate-session-3',
  authgateRevokeSession: 'revoke-session-2',
  authgateRevokeAllSessions: 'revoke-all-sessions-1',
  authgateListSessions: 'list-sessions-1',
  authgateReplacePassword: 'replace-password-3',
  authgateSwapPasswordHash: 'swap-password-hash-1'
} as const

type Arg = string | number | Buffer

declare module 'ioredis' {
  interface RedisCommander<Context> {
    authgateCreateSession: (session: string, index: string, ...args: Arg[]) => Result<number, Context>
    authgateRotateSession: (session: string, index: string, user: string, ...args: Arg[]) => Result<[string, string?, number?], Context>
    authgateRevokeSession: (session: string, index: string, ...args: Arg[]) => Result<number, Context>
    authgateRevokeAllSessions: (index: string, sessionPrefix: string) => Result<number, Context>
    authgateListSessions: (index: string, sessionPrefix: string, nowMs: number) => Result<string[], Context>
    /** The same, every element a Buffer (defineCommand adds a …Buffer variant of each command). */
    authgateListSessionsBuffer: (index: string, sessionPrefix: string, nowMs: number) => Result<Buffer[], Context>
    authgateReplacePassword: (user: string, index: string, session: string, ...args: Arg[]) => Result<number, Context>
    authgateSwapPasswordHash: (user: string, expectedHash: string, passwordHash: string) => Result<number, Context>
  }
}

/** Defines authgate's commands on a client, once. */
export function defineScripts (client: Redis | Cluster): void {
  for (const [name, file] of Object.entries(SCRIPTS)) {
    if (name in client) continue
    const numberOfKeys = Number(file.slice(file.lastIndexOf('-') + 1))
    client.defineCommand(name, { numberOfKeys, lua: scriptSource(file) })
  }
}

/** The SHA-1 each command's script is called by (what `SCRIPT EXISTS` on a node checks). */
export function scriptShas (): Record<keyof typeof SCRIPTS, string> {
  const sha = (file: string): string => createHash('sha1').update(scriptSource(file)).digest('hex')
  return Object.fromEntries(Object.entries(SCRIPTS).map(([name, file]) => [name, sha(file)])) as Record<keyof typeof SCRIPTS, string>
}

function scriptSource (file: string): string {
  return `${LIB}\n${readLua(file)}`
}

function readLua (name: string): string {
  return readFileSync(new URL(`./lua/${name}.lua`, import.meta.url), 'utf8')
}
