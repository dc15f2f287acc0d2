// The orchestrator's side of a load-generator process (worker.mjs).
import { fork } from 'node:child_process'

export function startWorker () {
  const child = fork(new URL('./worker.mjs', import.meta.url), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const pending = new Map()
  let nextId = 0
  child.on('message', ({ id, result, error }) => {
    const waiter = pending.get(id)
    pending.delete(id)
    if (error !== undefined) waiter?.reject(new Error(`load generator: ${error}`))
    else waiter?.resolve(result)
  })
  child.on('exit', (code) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`the load generator exited (${code})`))
    pending.clear()
  })
  return {
    pid: child.pid,
    run (task, params) {
      const id = nextId++
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject })
        child.send({ id, task, params })
      })
    },
    close () {
      child.disconnect()
      return new Promise((resolve) => child.exitCode !== null ? resolve() : child.once('exit', resolve))
    }
  }
}
