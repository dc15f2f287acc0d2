import { Cluster } from 'ioredis'
import type { Test } from 'tap'
import type { HostPort } from '../../src/config.js'
// @ts-expect-error: plain ESM helper shared with scripts/test.mjs
import { startRedisCluster } from '../../scripts/redis-cluster.mjs'
// @ts-expect-error: plain ESM helper
import { startRedisSentinel } from '../../scripts/redis-sentinel.mjs'
import type { RedisServer } from './redis.js'

// `npm test` builds one 3-primary Redis Cluster for the whole run (scripts/test.mjs) and
// shares it like the test redis-server: unique key prefixes, nothing flushed. A test that
// breaks its store (kills a node, fails over) builds one of its own here.

export function testClusterNodes (): HostPort[] {
  const list = process.env.AUTHGATE_TEST_CLUSTER_NODES
  if (list === undefined || list === '') {
    throw new Error('No test Redis Cluster: run the suite with `npm test`, which builds one (it needs redis-server and redis-cli on the PATH)')
  }
  return list.split(',').map((entry) => {
    const [host, port] = entry.split(':')
    return { host: host!, port: Number(port) }
  })
}

/** A plain cluster client for inspecting what the service wrote; closed when the test ends. */
export function inspectCluster (t: Test, nodes: HostPort[] = testClusterNodes()): Cluster {
  const client = new Cluster(nodes, { redisOptions: { maxRetriesPerRequest: 1 } })
  t.teardown(async () => { await client.quit().catch(() => client.disconnect()) })
  return client
}

export interface RedisClusterServers {
  nodes: HostPort[]
  nodeList: string
  servers: RedisServer[]
  /** Starts node `index` again after a kill: same port and cluster config, no data. */
  restartNode: (index: number) => Promise<void>
  stop: () => Promise<void>
}

/** A 3-primary cluster of the test's own, torn down when the test ends (even on failure). */
export async function privateRedisCluster (t: Test): Promise<RedisClusterServers> {
  const cluster = await startRedisCluster(binaries()) as RedisClusterServers
  t.teardown(cluster.stop)
  return cluster
}

export interface SentinelGroup {
  name: string
  primary: RedisServer
  replica: RedisServer
  sentinels: HostPort[]
  sentinelList: string
  primaryPort: () => Promise<number>
  stop: () => Promise<void>
}

/**
 * A primary, its replica and one Sentinel (quorum 1) of the test's own: the primary is
 * called down after `downAfterMs` of silence, a failover takes at most `failoverTimeoutMs`.
 */
export async function privateSentinelGroup (t: Test, timing: { downAfterMs: number, failoverTimeoutMs: number }): Promise<SentinelGroup> {
  const group = await startRedisSentinel({ serverBinary: binaries().serverBinary, ...timing }) as SentinelGroup
  t.teardown(group.stop)
  return group
}

function binaries (): { serverBinary: string, cliBinary: string } {
  return {
    serverBinary: process.env.AUTHGATE_REDIS_SERVER ?? 'redis-server',
    cliBinary: process.env.AUTHGATE_REDIS_CLI ?? 'redis-cli'
  }
}
