import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import type { Test } from 'tap'
// @ts-expect-error: plain ESM helper shared with scripts/test.mjs
import { startRedisServer as startServer } from '../../scripts/redis-server.mjs'

// The suite runs against a private redis-server that `npm test` starts (see
// scripts/test.mjs). Each test writes under a unique key prefix and flushes nothing.

export function testRedisUrl (): string {
  const url = process.env.AUTHGATE_TEST_REDIS_URL
  if (url === undefined || url === '') {
    throw new Error('No test Redis: run the suite with `npm test`, which starts a private redis-server (it needs redis-server on the PATH)')
  }
  return url
}

export function uniquePrefix (): string {
  return `authgate-test:${randomBytes(6).toString('hex')}:`
}

/** A plain client for inspecting what the service wrote; closed when the test ends. */
export function inspectRedis (t: Test, url = testRedisUrl()): Redis {
  const client = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 1 })
  t.teardown(async () => { await client.quit() })
  return client
}

export interface RedisServer {
  port: number
  url: string
  stop: () => Promise<void>
  /** SIGKILL: the server dies at once, as in a crash. */
  kill: () => Promise<void>
}

/** A redis-server of the test's own (to stop and start under a running app). */
export async function privateRedisServer (t: Test, options: { port?: number } = {}): Promise<RedisServer> {
  const binary = process.env.AUTHGATE_REDIS_SERVER ?? 'redis-server'
  const server = await startServer(binary, options) as RedisServer
  t.teardown(async () => { await server.stop() })
  return server
}

/** Every key (and its string form) under a prefix: for checking what a flow left behind. */
export async function dumpKeys (client: Redis, prefix: string): Promise<Array<{ key: string, type: string, ttlMs: number, content: string }>> {
  const keys = await client.keys(`${prefix}*`)
  const out = []
  for (const key of keys) {
    const type = await client.type(key)
    const ttlMs = await client.pttl(key)
    let content = ''
    if (type === 'string') content = (await client.get(key)) ?? ''
    else if (type === 'hash') content = JSON.stringify(await client.hgetall(key))
    else if (type === 'zset') content = JSON.stringify(await client.call('ZRANGE', key, '0', '-1', 'WITHSCORES'))
    else if (type === 'set') content = JSON.stringify(await client.smembers(key))
    else if (type === 'list') content = JSON.stringify(await client.lrange(key, 0, -1))
    out.push({ key, type, ttlMs, content })
  }
  return out
}
