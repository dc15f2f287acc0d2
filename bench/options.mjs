// The command line of `npm run bench`: a few flags, each with a default for a full run
// and a smaller one for `--quick` (a CI smoke run that asserts no speed).
import { parseArgs } from 'node:util'

const FULL = { connections: 50, loginConnections: 8, duration: 10, warmup: 3, repetitions: 3, sessions: 100_000, probeRate: 200, storm: 100 }
const QUICK = { connections: 10, loginConnections: 4, duration: 1, warmup: 1, repetitions: 1, sessions: 5_000, probeRate: 200, storm: 100 }

const FLAGS = {
  quick: { type: 'boolean', default: false },
  connections: { type: 'string', short: 'c' },
  'login-connections': { type: 'string' },
  duration: { type: 'string', short: 'd' },
  warmup: { type: 'string', short: 'w' },
  repetitions: { type: 'string', short: 'r' },
  sessions: { type: 'string' },
  'probe-rate': { type: 'string' },
  only: { type: 'string' },
  'cpu-prof': { type: 'boolean', default: false },
  output: { type: 'string', short: 'o' },
  help: { type: 'boolean', short: 'h', default: false }
}

export const SCENARIO_GROUPS = ['verify', 'store', 'login', 'flood', 'storm', 'memory']

export const USAGE = `usage: npm run bench -- [options]

  --quick                  smoke run for CI: short, small, asserts no speed (also: npm run bench:quick)
  -c, --connections N      concurrent connections for verify, profile, refresh (default ${FULL.connections}; quick ${QUICK.connections})
  --login-connections N    concurrent logins, and raw argon2 verifies (default ${FULL.loginConnections}; quick ${QUICK.loginConnections})
  -d, --duration S         seconds per measurement (default ${FULL.duration}; quick ${QUICK.duration})
  -w, --warmup S           seconds of warm-up before each measured pair (default ${FULL.warmup}; quick ${QUICK.warmup})
  -r, --repetitions N      measurements per figure; the median is reported (default ${FULL.repetitions}; quick ${QUICK.repetitions})
  --sessions N             sessions created for the Redis memory figure (default ${FULL.sessions}; quick ${QUICK.sessions})
  --probe-rate N           requests/s of the /auth/verify latency probe (default ${FULL.probeRate})
  --only a,b               run only these groups: ${SCENARIO_GROUPS.join(', ')}
  --cpu-prof               run the server under node --cpu-prof and summarise its top self-time functions
  -o, --output FILE        where to write the JSON results (default bench/results/latest.json; quick: bench/results/quick.json)
  -h, --help               this text`

/** The settings of this run, or throws an Error whose message names the bad flag. */
export function parseOptions (argv) {
  const { values } = parseArgs({ args: argv, options: FLAGS, strict: true, allowPositionals: false })
  const base = values.quick ? QUICK : FULL
  const number = (flag, fallback, { min = 1, integer = true } = {}) => {
    const text = values[flag]
    if (text === undefined) return fallback
    const value = Number(text)
    if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
      throw new Error(`--${flag} must be ${integer ? 'an integer' : 'a number'} of at least ${min}, got "${text}"`)
    }
    return value
  }
  const only = values.only === undefined ? SCENARIO_GROUPS : values.only.split(',').map((name) => name.trim())
  for (const name of only) {
    if (!SCENARIO_GROUPS.includes(name)) throw new Error(`--only: unknown group "${name}" (known: ${SCENARIO_GROUPS.join(', ')})`)
  }
  return {
    help: values.help,
    quick: values.quick,
    connections: number('connections', base.connections),
    loginConnections: number('login-connections', base.loginConnections),
    durationSec: number('duration', base.duration),
    warmupSec: number('warmup', base.warmup, { min: 0 }),
    repetitions: number('repetitions', base.repetitions),
    sessions: number('sessions', base.sessions, { min: 100 }),
    probeRate: number('probe-rate', base.probeRate),
    stormSize: base.storm,
    groups: only,
    cpuProfile: values['cpu-prof'],
    output: values.output ?? (values.quick ? 'bench/results/quick.json' : 'bench/results/latest.json')
  }
}
