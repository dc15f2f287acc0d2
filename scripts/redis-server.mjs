// Starts a throwaway redis-server on a free loopback port: no RDB, no AOF, no config file.
import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { connect } from 'node:net'

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
  const exited = new Promise((resolve) => child.once('exit', resolve))
  const deadline = Date.now() + 10_000
  while (!await answersPing(chosenPort)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`redis-server did not start on 127.0.0.1:${chosenPort}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return {
    port: chosenPort,
    url: `redis://127.0.0.1:${chosenPort}`,
    async stop () {
      if (child.exitCode === null) child.kill('SIGTERM')
      await exited
    }
  }
}

function answersPing (port) {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.setTimeout(500)
    socket.once('connect', () => socket.write('PING\r\n'))
    socket.once('data', (data) => { socket.destroy(); resolve(data.toString().startsWith('+PONG')) })
    socket.once('error', () => resolve(false))
    socket.once('timeout', () => { socket.destroy(); resolve(false) })
  })
}
