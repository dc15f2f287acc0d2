// `npm test`: starts a private redis-server on a free loopback port (no persistence) and a
// private 3-primary Redis Cluster, runs the whole tap suite against them and against the
// in-process store, stops them, and ends with the line CI reads: `N passed, N failed`.
import { spawn, spawnSync } from 'node:child_process'
import { startRedisCluster } from './redis-cluster.mjs'
import { startRedisServer } from './redis-server.mjs'

// Humans at a terminal get tap's default reporter; pipes and CI get plain TAP.
const tapArgs = process.argv.slice(2)
if (!process.stdout.isTTY && !tapArgs.some((arg) => arg.startsWith('--reporter') || arg === '-R')) tapArgs.push('--reporter=tap')

function findCommand (name) {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' })
  return found.status === 0 ? found.stdout.trim() : undefined
}

const redisServerPath = findCommand('redis-server')
const redisCliPath = findCommand('redis-cli')
let redis
let cluster
let redisUrl
// Whatever ends this run, the servers it started go with it.
const stopServers = async () => { await Promise.all([redis?.stop(), cluster?.stop()]) }
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => { void stopServers().finally(() => process.exit(1)) })
}
if (redisServerPath !== undefined) {
  redis = await startRedisServer(redisServerPath)
  redisUrl = redis.url
  console.log(`authgate tests: private redis-server on ${redis.url} (no persistence)`)
  // Without a cluster the suite still runs; the cluster tests then fail and say why.
  if (redisCliPath === undefined) console.error('authgate tests: no redis-cli on the PATH, so no test Redis Cluster')
  cluster = redisCliPath === undefined
    ? undefined
    : await startRedisCluster({ serverBinary: redisServerPath, cliBinary: redisCliPath }).catch((error) => {
      console.error(`authgate tests: could not build the test Redis Cluster: ${error.message}`)
      return undefined
    })
  if (cluster !== undefined) console.log(`authgate tests: private 3-primary Redis Cluster on ${cluster.nodeList}`)
} else if (process.env.REDIS_URL) {
  redisUrl = process.env.REDIS_URL
  console.log('authgate tests: no redis-server on the PATH; using REDIS_URL (keys under a unique authgate-test: prefix, nothing flushed)')
} else {
  console.error([
    'authgate tests need Redis, and found neither redis-server on the PATH nor REDIS_URL.',
    'Install it, then run npm test again:',
    '  Debian/Ubuntu: sudo apt-get install -y redis-server',
    '  macOS:         brew install redis',
    'or point REDIS_URL at a Redis you may write test keys to.'
  ].join('\n'))
  console.log('0 passed, 1 failed')
  process.exit(1)
}

const env = {
  ...process.env,
  AUTHGATE_TEST_REDIS_URL: redisUrl,
  ...(redisServerPath && { AUTHGATE_REDIS_SERVER: redisServerPath }),
  ...(redisCliPath && { AUTHGATE_REDIS_CLI: redisCliPath }),
  ...(cluster && { AUTHGATE_TEST_CLUSTER_NODES: cluster.nodeList })
}
delete env.REDIS_URL // tests build their configuration explicitly

const tap = spawn(process.execPath, ['node_modules/tap/dist/esm/run.mjs', ...tapArgs], { env, stdio: ['ignore', 'pipe', 'inherit'] })
let output = ''
tap.stdout.on('data', (chunk) => {
  process.stdout.write(chunk)
  output = (output + chunk.toString()).slice(-20_000)
})
const exitCode = await new Promise((resolve) => tap.on('close', (code) => resolve(code ?? 1)))
await stopServers()

// tap's own count of assertions, turned into the line CI reads: the TAP reporter ends
// with `# { total: 90, pass: 89, fail: 1 }`, the terminal one with `Asserts:  89 pass  1 fail`.
const plain = output.replace(/\x1b\[[0-9;]*m/g, '')
const tapSummary = /# \{ total: (\d+), pass: (\d+)(?:, fail: (\d+))?/.exec(plain)
const terminalSummary = /Asserts:\s+(\d+) pass\s+(\d+) fail/.exec(plain)
let passed = 0
let failed = 0
if (tapSummary) {
  passed = Number(tapSummary[2])
  failed = Number(tapSummary[3] ?? 0)
} else if (terminalSummary) {
  passed = Number(terminalSummary[1])
  failed = Number(terminalSummary[2])
}
// A run that failed without a failed assertion (a crash, a timeout) still counts as failed.
if (exitCode !== 0 && failed === 0) failed = 1
console.log(`${passed} passed, ${failed} failed`)
process.exit(exitCode)
