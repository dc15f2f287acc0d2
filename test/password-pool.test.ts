import { readdirSync, readFileSync } from 'node:fs'
import t from 'tap'
import { createPasswordHasher } from '../src/accounts/password.js'

// A small cost: these tests are about where the hashing runs, not how hard it is.
const COST = { memoryKiB: 1024, timeCost: 1, parallelism: 1 }

/** The nice value of each of this process's threads (Linux: /proc/self/task/<tid>/stat). */
function threadNiceValues (): Map<number, number> {
  const values = new Map<number, number>()
  for (const tid of readdirSync('/proc/self/task')) {
    // Fields after the ")" that closes the thread's name: state is field 3, nice field 19.
    const fields = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    values.set(Number(tid), Number(fields[16]))
  }
  return values
}

t.test('hash and verify round-trip; a wrong password or a malformed hash is false, not an error', async (t) => {
  const passwords = createPasswordHasher(COST, 2)
  t.teardown(passwords.close)
  const hash = await passwords.hash('correct horse')
  t.match(hash, /^\$argon2id\$v=19\$m=1024,t=1,p=1\$/)
  t.equal(await passwords.verify(hash, 'correct horse'), true)
  t.equal(await passwords.verify(hash, 'wrong horse'), false)
  t.equal(await passwords.verify('not a hash', 'correct horse'), false)
})

t.test('a pool that cannot hash is an error, never a wrong password', async (t) => {
  const passwords = createPasswordHasher(COST, 2)
  const hash = await passwords.hash('correct horse')
  // While the pool drains for shutdown it takes no new work: that must not read as "wrong password".
  const closing = passwords.close()
  await t.rejects(passwords.verify(hash, 'correct horse'), 'verify rejects instead of answering false')
  await t.rejects(passwords.verifyDummy('anything'), 'and so does the dummy verify')
  await closing
  t.equal(await passwords.verify(hash, 'correct horse'), true, 'and a later verify works again (the pool restarts its threads)')
  await passwords.close()
})

t.test('argon2 runs on threads niced below the event loop, which keeps its priority', { skip: process.platform !== 'linux' && 'thread nice values are per thread on Linux only' }, async (t) => {
  const before = threadNiceValues()
  const passwords = createPasswordHasher(COST, 2)
  await Promise.all([passwords.hash('a'), passwords.hash('b')])
  const added = [...threadNiceValues()].filter(([tid]) => !before.has(tid))
  t.ok(added.some(([, nice]) => nice === 10), 'a new thread runs at nice 10')
  t.equal(threadNiceValues().get(process.pid), 0, 'the event loop thread is not niced')

  await passwords.close()
  const niced = [...threadNiceValues()].filter(([tid, nice]) => !before.has(tid) && nice === 10)
  t.same(niced, [], 'close ends the pool threads')
})
