import { parseOptions } from '@node-rs/argon2'
import t from 'tap'
import { createMemoryStores } from '../src/stores/memory-stores.js'
import { build } from './helpers/build.js'
import { login, register } from './helpers/flows.js'

t.test('a login after the configured argon2 cost changed rehashes the password', async (t) => {
  const stores = createMemoryStores()
  t.teardown(stores.close)
  const { app: before } = await build(t, { stores, env: { ARGON2_MEMORY_KIB: '1024', ARGON2_TIME_COST: '1' } })
  const { email, userId } = await register(before)
  const costOf = async (): Promise<{ memoryCost: number, timeCost: number }> => parseOptions((await stores.users.findById(userId))!.passwordHash)
  t.match(await costOf(), { memoryCost: 1024, timeCost: 1 })

  const { app: after } = await build(t, { stores, env: { ARGON2_MEMORY_KIB: '2048', ARGON2_TIME_COST: '2' } })
  await login(after, email)
  t.match(await costOf(), { memoryCost: 2048, timeCost: 2 }, 'rehashed at the new cost')
  t.equal((await login(after, email)).response.statusCode, 200, 'and the password still works')
})

t.test('passwords are stored as argon2id hashes, never in the clear', async (t) => {
  const stores = createMemoryStores()
  t.teardown(stores.close)
  const { app } = await build(t, { stores })
  const { userId } = await register(app, { password: 'plain text never stored' })
  const { passwordHash } = (await stores.users.findById(userId))!
  t.match(passwordHash, /^\$argon2id\$v=19\$/)
  t.notOk(passwordHash.includes('plain text never stored'))
})
