// Builds a throwaway Sentinel-managed Redis on loopback: one primary, one replica and one
// Sentinel (quorum 1) with short failure detection, so a test can kill the primary and
// watch the replica take over. `stop()` shuts everything down and removes the files.
import { spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { answersCommand, freePort, killOnExit, startRedisServer, waitUntil } from './redis-server.mjs'

export const SENTINEL_NAME = 'authgate'

/**
 * Resolves once the Sentinel watches the primary and knows the replica is in sync.
 * `downAfterMs` is how long the primary may be silent before Sentinel calls it down;
 * `failoverTimeoutMs` bounds a failover.
 */
export async function startRedisSentinel ({ serverBinary = 'redis-server', downAfterMs = 500, failoverTimeoutMs = 3000 } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'authgate-sentinel-'))
  const processes = []
  const stop = async () => {
    await Promise.all(processes.map((server) => server.stop()))
    await rm(dir, { recursive: true, force: true })
  }
  try {
    // Diskless sync with no delay: the replica is in sync in milliseconds, not seconds.
    const sync = ['--dir', dir, '--repl-diskless-sync', 'yes', '--repl-diskless-sync-delay', '0']
    const primary = await startRedisServer(serverBinary, { extraArgs: sync })
    processes.push(primary)
    const replica = await startRedisServer(serverBinary, { extraArgs: [...sync, '--replicaof', '127.0.0.1', String(primary.port)] })
    processes.push(replica)

    const sentinelPort = await freePort()
    const configFile = join(dir, 'sentinel.conf')
    await writeFile(configFile, [
      `port ${sentinelPort}`,
      'bind 127.0.0.1',
      `dir ${dir}`,
      `sentinel monitor ${SENTINEL_NAME} 127.0.0.1 ${primary.port} 1`,
      `sentinel down-after-milliseconds ${SENTINEL_NAME} ${downAfterMs}`,
      `sentinel failover-timeout ${SENTINEL_NAME} ${failoverTimeoutMs}`,
      ''
    ].join('\n'))
    const sentinel = await startSentinelProcess(serverBinary, configFile, sentinelPort)
    processes.push(sentinel)

    // A link that is up is not enough: after a diskless sync the primary streams writes only
    // once the replica's first ACK arrives (up to a second later). Until a write shows up on
    // the replica, killing the primary would lose everything written since.
    await answersCommand(primary.port, 'SET authgate-replication-probe 1')
    await waitUntil(async () => (await answersCommand(replica.port, 'GET authgate-replication-probe')).startsWith('$1'),
      10_000, 'the replica did not receive writes from the primary')
    await answersCommand(primary.port, 'DEL authgate-replication-probe')
    await waitUntil(async () => {
      const replicas = await answersCommand(sentinelPort, `SENTINEL REPLICAS ${SENTINEL_NAME}`)
      return replicas.includes(String(replica.port)) && !/s_down|disconnected/.test(replicas)
    }, 15_000, 'the Sentinel did not discover the replica')
    return {
      name: SENTINEL_NAME,
      primary,
      replica,
      sentinels: [{ host: '127.0.0.1', port: sentinelPort }],
      /** `127.0.0.1:port`, the form of REDIS_SENTINELS. */
      sentinelList: `127.0.0.1:${sentinelPort}`,
      /** The port Sentinel currently names as primary. */
      async primaryPort () {
        const reply = await answersCommand(sentinelPort, `SENTINEL GET-MASTER-ADDR-BY-NAME ${SENTINEL_NAME}`)
        return Number(reply.trim().split('\r\n').at(-1))
      },
      stop
    }
  } catch (error) {
    await stop()
    throw error
  }
}

async function startSentinelProcess (binary, configFile, port) {
  const child = killOnExit(spawn(binary, [configFile, '--sentinel', '--loglevel', 'warning'], { stdio: ['ignore', 'ignore', 'inherit'] }))
  const exited = new Promise((resolve) => child.once('exit', resolve))
  const running = () => child.exitCode === null && child.signalCode === null
  const stop = async () => {
    if (running()) child.kill('SIGTERM')
    await exited
  }
  try {
    await waitUntil(async () => {
      if (!running()) throw new Error('redis-server --sentinel exited at start')
      return (await answersCommand(port, 'PING')).startsWith('+PONG')
    }, 10_000, `the Sentinel did not start on 127.0.0.1:${port}`)
  } catch (error) {
    await stop()
    throw error
  }
  return { port, stop }
}
