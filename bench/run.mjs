// `npm run bench`: builds the server if needed, starts a private redis-server and the built
// server (production settings) on free loopback ports, seeds users, drives each scenario
// from separate load-generator processes, and reports every figure beside a baseline
// measured in the same run. Speed is never asserted: the exit code is non-zero only when
// something is wrong (a crash, an error, a correctness check such as the refresh storm).
import { spawnSync } from 'node:child_process'
import { cpus, loadavg } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildIfNeeded } from './build.mjs'
import { createCpuMeter } from './cpu-meter.mjs'
import { newestProfile, topSelfTime } from './cpu-profile.mjs'
import { parseOptions, USAGE } from './options.mjs'
import { formatTable, writeResults } from './report.mjs'
import { openSessions, registerUsers } from './seed.mjs'
import { startServer } from './server.mjs'
import { startWorker } from './worker-client.mjs'
import { startRedisServer } from '../scripts/redis-server.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const log = (message) => console.log(message)

function findRedisServer () {
  if (process.env.REDIS_SERVER) return process.env.REDIS_SERVER
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' })
  return found.status === 0 ? found.stdout.trim() : undefined
}

function gitCommit () {
  const found = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' })
  return found.status === 0 ? found.stdout.trim() : null
}

async function main () {
  let options
  try {
    options = parseOptions(process.argv.slice(2))
  } catch (error) {
    console.error(`${error.message}\n\n${USAGE}`)
    return 2
  }
  if (options.help) {
    console.log(USAGE)
    return 0
  }
  const redisServer = findRedisServer()
  if (redisServer === undefined) {
    console.error('npm run bench needs redis-server on the PATH (or REDIS_SERVER=/path/to/redis-server):\n  Debian/Ubuntu: sudo apt-get install -y redis-server\n  macOS:         brew install redis')
    return 1
  }
  const startedAt = Date.now()
  buildIfNeeded(root, log)
  const { GROUPS } = await import('./scenarios/index.mjs') // imports dist/, so after the build
  const redis = await startRedisServer(redisServer)
  const cpuProfileDir = options.cpuProfile ? join(root, 'bench', 'results') : undefined
  const server = await startServer({ root, redisUrl: redis.url, cpuProfileDir })
  const workers = [startWorker(), startWorker()]
  const meter = createCpuMeter({ serverPid: server.pid, clientPids: workers.map((worker) => worker.pid), redisUrl: redis.url })
  log(`authgate bench${options.quick ? ' (quick: smoke run, no speed asserted)' : ''}: server ${server.url} (pid ${server.pid}), redis ${redis.url}`)
  log(`${options.connections} connections, ${options.durationSec} s × ${options.repetitions} rounds after ${options.warmupSec} s warm-up; ${cpus().length} cores, load ${loadavg()[0].toFixed(2)}`)
  const rows = []
  try {
    const emails = await registerUsers(server.url, Math.min(20, Math.max(options.connections, options.loginConnections)))
    const ctx = { options, url: server.url, emails, workers, meter, redisServer, log, openSessions: (count) => openSessions(server.url, emails, count) }
    for (const group of options.groups) rows.push(...await GROUPS[group](ctx))
  } finally {
    await meter.close()
    await Promise.all(workers.map((worker) => worker.close()))
    await server.stop()
    await redis.stop()
  }
  const profile = cpuProfileDir === undefined ? undefined : newestProfile(cpuProfileDir)
  const results = {
    date: new Date(startedAt).toISOString(),
    commit: gitCommit(),
    elapsedSec: Math.round((Date.now() - startedAt) / 100) / 10,
    machine: { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, loadAverageAtStart: loadavg()[0] },
    options: { ...options, help: undefined },
    rows,
    ...(profile !== undefined && { cpuProfile: { file: profile, top: topSelfTime(profile, { root }) } })
  }
  const output = resolve(root, options.output)
  writeResults(output, results)
  log(`\n${formatTable(rows)}\n`)
  if (profile !== undefined) {
    log(`server CPU profile: ${profile}; top self time:`)
    for (const { name, where, selfPercent } of results.cpuProfile.top.slice(0, 15)) log(`  ${String(selfPercent).padStart(5)}%  ${name}  ${where}`)
  }
  log(`results: ${output} (${results.elapsedSec} s)`)
  const broken = rows.filter((row) => row.correct === false)
  if (broken.length > 0) {
    console.error(`correctness failures: ${broken.map((row) => `${row.title}: ${row.misses.join('; ')}`).join(' | ')}`)
    return 1
  }
  return 0
}

process.exitCode = await main().catch((error) => {
  console.error(error)
  return 1
})
