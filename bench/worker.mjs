// The load generator: a child process of its own, so the load never shares an event loop
// with the server or with the orchestrator. It runs one task per message and answers.
import { runArgon2Rate } from './tasks/argon2-rate.mjs'
import { runLatencyProbe } from './tasks/latency-probe.mjs'
import { runLoad } from './tasks/load.mjs'
import { runRefreshStorm } from './tasks/refresh-storm.mjs'

const TASKS = { load: runLoad, probe: runLatencyProbe, argon2: runArgon2Rate, storm: runRefreshStorm }

process.on('message', async ({ id, task, params }) => {
  try {
    process.send({ id, result: await TASKS[task](params) })
  } catch (error) {
    process.send({ id, error: error instanceof Error ? error.stack : String(error) })
  }
})
