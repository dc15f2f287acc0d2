// Builds a throwaway Redis Cluster of `primaries` redis-server processes on loopback
// (no replicas, no persistence), joined with `redis-cli --cluster create`; `stop()` shuts
// every node down and removes the nodes.conf files.
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { answersCommand, startRedisServer, waitUntil } from './redis-server.mjs'

// A node also listens on its cluster bus port, port + 10000: pick ports below the
// ephemeral range whose bus port is free too (works on Redis 6.2, which has no cluster-port).
async function freeClusterPort () {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000)
    if (await canBind(port) && await canBind(port + 10_000)) return port
  }
  throw new Error('no free loopback port pair for a cluster node')
}

function canBind (port) {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', () => resolve(false))
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
  })
}

function run (binary, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk) => { output += chunk })
    child.stderr.on('data', (chunk) => { output += chunk })
    child.once('error', reject)
    child.once('exit', (code) => code === 0 ? resolve(output) : reject(new Error(`${binary} ${args.join(' ')} exited with ${code}:\n${output}`)))
  })
}

/**
 * Starts the nodes, creates the cluster and resolves once every node reports
 * `cluster_state:ok`. `nodes` are `{ host, port }`; `stop()` is safe to call twice.
 */
export async function startRedisCluster ({ serverBinary = 'redis-server', cliBinary = 'redis-cli', primaries = 3, nodeTimeoutMs = 2000 } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'authgate-cluster-'))
  const servers = []
  const nodeArgs = (port) => ['--dir', dir, '--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`,
    '--cluster-node-timeout', String(nodeTimeoutMs)]
  const stop = async () => {
    await Promise.all(servers.map((server) => server.stop()))
    await rm(dir, { recursive: true, force: true })
  }
  try {
    for (let i = 0; i < primaries; i++) {
      const port = await freeClusterPort()
      servers.push(await startRedisServer(serverBinary, { port, extraArgs: nodeArgs(port) }))
    }
    const addresses = servers.map((server) => `127.0.0.1:${server.port}`)
    await run(cliBinary, ['--cluster', 'create', ...addresses, '--cluster-replicas', '0', '--cluster-yes'])
    await waitUntil(async () => {
      for (const server of servers) {
        if (!(await answersCommand(server.port, 'CLUSTER INFO')).includes('cluster_state:ok')) return false
      }
      return true
    }, 10_000, 'the cluster did not reach cluster_state:ok')
  } catch (error) {
    await stop()
    throw error
  }
  return {
    nodes: servers.map((server) => ({ host: '127.0.0.1', port: server.port })),
    /** `127.0.0.1:p1,127.0.0.1:p2,…`, the form of REDIS_CLUSTER_NODES. */
    nodeList: servers.map((server) => `127.0.0.1:${server.port}`).join(','),
    servers,
    /** Starts node `index` again (after a kill): same port, same nodes.conf, no data. */
    async restartNode (index) {
      const { port } = servers[index]
      await servers[index].stop()
      servers[index] = await startRedisServer(serverBinary, { port, extraArgs: nodeArgs(port) })
    },
    stop
  }
}
