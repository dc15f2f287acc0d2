// Starts a throwaway redis-server on a free loopback port: no RDB, no AOF, no config file.
import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { connect } from 'node:net'

// Servers still running when this process exits (a crash, process.exit, a test runner's
// timeout) are killed with it rather than left behind.
const running = new Set()
process.once('exit', () => { for (const child of running) child.kill('SIGKILL') })

/** Kills `child` if this process exits first; call it right after spawn. */
export function killOnExit (child) {
  running.add(child)
  child.once('exit', () => running.delete(child))
  return child
}

export async function freePort () {
  const server = createServer()
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address()
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** Resolves once the server answers PING; `stop()` shuts it down and waits for the exit. */
export async function startRedisServer (binary = 'redis-server', { port, extraArgs = [] } = {}) {
  const chosenPort = port ?? await freePort()
  const child = spawn(binary, [
    '--port', String(chosenPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
    '--protected-mode', 'yes', '--loglevel', 'warning', ...extraArgs
  ], { stdio: ['ignore', 'ignore', 'inherit'] })
  killOnExit(child)
  const exited = new Promise((resolve) => child.once('exit', resolve))
  const deadline = Date.now() + 10_000
  while (!await answersPing(chosenPort)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`redis-server did not start on 127.0.0.1:${chosenPort}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  const alive = () => child.exitCode === null && child.signalCode === null
  return {
    port: chosenPort,
    url: `redis://127.0.0.1:${chosenPort}`,
    async stop () {
      if (alive()) child.kill('SIGTERM')
      await exited
    },
    /** Dies at once, as a crashed or unplugged server would. */
    async kill () {
      if (alive()) child.kill('SIGKILL')
      await exited
    }
  }
}

async function answersPing (port) {
  return (await answersCommand(port, 'PING')).startsWith('+PONG')
}

/**
 * Sends one inline command and resolves with the raw reply (a simple, error, integer or
 * bulk string, or an array as text), or '' if the server cannot be reached within half a
 * second.
 */
export function answersCommand (port, command, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const socket = connect(port, host)
    let reply = ''
    const done = (text) => { socket.destroy(); resolve(text) }
    socket.setTimeout(500)
    socket.once('connect', () => socket.write(`${command}\r\n`))
    let idle
    socket.on('data', (data) => {
      reply += data.toString()
      const headerEnd = reply.indexOf('\r\n')
      if (headerEnd < 0) return
      if (reply.startsWith('*')) {
        // An array: no parser here, so take it once the server has been quiet for a moment.
        clearTimeout(idle)
        idle = setTimeout(() => done(reply), 30)
        return
      }
      if (!reply.startsWith('$')) return done(reply)
      const length = Number(reply.slice(1, headerEnd))
      if (length < 0 || Buffer.byteLength(reply) >= headerEnd + 2 + length + 2) done(reply)
    })
    socket.once('error', () => done(''))
    socket.once('timeout', () => done(''))
  })
}

/** Polls `check` every 50 ms until it resolves truthy; throws `message` after `timeoutMs`. */
export async function waitUntil (check, timeoutMs, message) {
  const deadline = Date.now() + timeoutMs
  while (!await check()) {
    if (Date.now() > deadline) throw new Error(message)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
