// CPU time spent by the server process (all its threads, user + system), by Redis and by
// the load generators, read around each measurement. On a shared machine req/s moves with the neighbours'
// load; CPU time per request hardly does, so it says what a request costs and where.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { Redis } from 'ioredis'

const TICKS_PER_SEC = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100

/** utime + stime of a process in seconds, or null where /proc is not there (not Linux). */
function processCpuSec (pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ') // after "pid (comm) "
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SEC
  } catch {
    return null
  }
}

export function createCpuMeter ({ serverPid, clientPids, redisUrl }) {
  const redis = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 1 })
  async function redisCpuSec () {
    const info = await redis.info('cpu')
    const read = (name) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? NaN)
    return read('used_cpu_user') + read('used_cpu_sys')
  }
  return {
    async snapshot () {
      const clients = clientPids.map(processCpuSec)
      return { server: processCpuSec(serverPid), redis: await redisCpuSec(), client: clients.includes(null) ? null : clients.reduce((a, b) => a + b, 0) }
    },
    /** µs of CPU per response between two snapshots: server, Redis, load generators. */
    perRequest (before, after, responses) {
      const us = (a, b) => a === null || b === null || !(responses > 0) ? null : Math.round(((b - a) / responses) * 1e7) / 10
      return { serverUs: us(before.server, after.server), redisUs: us(before.redis, after.redis), clientUs: us(before.client, after.client) }
    },
    async close () {
      await redis.quit()
    }
  }
}
