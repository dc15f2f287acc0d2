import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import type { Test } from 'tap'
import { TEST_ENV } from './build.js'

// The real standalone server (src/server.ts) in a child process, for what only a process
// can show: signals, exit codes, its own stdout.

export interface LogLine { level: number, msg: string, [key: string]: unknown }

export interface ServerProcess {
  port: number
  lines: LogLine[]
  /** Resolves with the first log line (already seen or to come) that matches. */
  waitForLine: (matches: (line: LogLine) => boolean, timeoutMs?: number) => Promise<LogLine>
  signal: (name: NodeJS.Signals) => void
  running: () => boolean
  exited: Promise<{ code: number | null, signal: NodeJS.Signals | null }>
}

const ROOT = new URL('../../', import.meta.url)

export async function startServerProcess (t: Test, env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...TEST_ENV, LOG_LEVEL: 'info', HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'inherit']
  })
  // 'close', not 'exit': by then its stdout has been read to the end.
  const exited = new Promise<{ code: number | null, signal: NodeJS.Signals | null }>((resolve) => {
    child.once('close', (code, signal) => resolve({ code, signal }))
  })
  t.teardown(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    await exited
  })

  const lines: LogLine[] = []
  const waiters = new Set<() => void>()
  createInterface({ input: child.stdout }).on('line', (text) => {
    try {
      lines.push(JSON.parse(text) as LogLine)
    } catch {
      lines.push({ level: 30, msg: text })
    }
    for (const wake of waiters) wake()
  })

  async function waitForLine (matches: (line: LogLine) => boolean, timeoutMs = 15_000): Promise<LogLine> {
    return await new Promise((resolve, reject) => {
      const check = (): void => {
        const found = lines.find(matches)
        if (found === undefined) return
        cleanup()
        resolve(found)
      }
      const timer = setTimeout(() => { cleanup(); reject(new Error(`no such log line within ${timeoutMs} ms; got:\n${lines.map((l) => l.msg).join('\n')}`)) }, timeoutMs)
      const gone = (): void => { cleanup(); reject(new Error(`the server exited before logging it; got:\n${lines.map((l) => l.msg).join('\n')}`)) }
      const cleanup = (): void => { clearTimeout(timer); waiters.delete(check); child.off('close', gone) }
      waiters.add(check)
      child.once('close', gone)
      check()
    })
  }

  const listening = await waitForLine((line) => line.msg.startsWith('Server listening at http://127.0.0.1:'))
  return {
    port: Number(listening.msg.slice(listening.msg.lastIndexOf(':') + 1)),
    lines,
    waitForLine,
    signal: (name) => { child.kill(name) },
    running: () => child.exitCode === null && child.signalCode === null,
    exited
  }
}
