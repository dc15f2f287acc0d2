// The system under test: the built server in its own process, in production settings,
// on a free loopback port, against the benchmark's private Redis.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { freePort } from '../scripts/redis-server.mjs'

/** Production settings, as API.md names them; rate limits off so the load is not refused. */
export function serverEnv ({ port, redisUrl }) {
  return {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    REDIS_URL: redisUrl,
    JWT_SECRET: randomBytes(48).toString('base64url'),
    RATE_LIMIT: 'off',
    LOG_LEVEL: 'warn',
    // Plain http on loopback: the client echoes the cookie itself, so Secure changes nothing.
    COOKIE_SECURE: 'true',
    ...(process.env.UV_THREADPOOL_SIZE !== undefined && { UV_THREADPOOL_SIZE: process.env.UV_THREADPOOL_SIZE })
  }
}

/**
 * Starts `node dist/server.js` and resolves when /healthz answers. With `cpuProfileDir`,
 * the server runs under `--cpu-prof` and writes its profile there when stopped.
 */
export async function startServer ({ root, redisUrl, cpuProfileDir }) {
  const port = await freePort()
  const nodeArgs = cpuProfileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`]
  const child = spawn(process.execPath, [...nodeArgs, join(root, 'dist', 'server.js')], {
    cwd: root,
    env: serverEnv({ port, redisUrl }),
    stdio: ['ignore', 'inherit', 'inherit']
  })
  const exited = new Promise((resolve) => child.once('exit', resolve))
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 15_000
  while (!await answers(`${url}/readyz`)) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode} before it was ready`)
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`the server did not answer on ${url} within 15 s`)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return {
    url,
    pid: child.pid,
    async stop () {
      // SIGTERM: a graceful close, so --cpu-prof gets to write its profile.
      if (child.exitCode === null) child.kill('SIGTERM')
      await exited
    }
  }
}

async function answers (url) {
  try {
    const response = await fetch(url)
    await response.arrayBuffer()
    return response.ok
  } catch {
    return false
  }
}
