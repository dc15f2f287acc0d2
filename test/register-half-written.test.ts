import t from 'tap'
import { createRedisClient } from '../src/redis/connect.js'
import { createRedisStores } from '../src/redis/redis-stores.js'
import { build } from './helpers/build.js'
import { login, PASSWORD, uniqueEmail } from './helpers/flows.js'
import { dumpKeys, inspectRedis, testRedisUrl, uniquePrefix } from './helpers/redis.js'

// Register is two writes to Redis (the user hash, then the email claim with SET NX: the
// keys live in different hash slots, so no one script can do both) and then a session
// script. A connection lost between any two of them leaves no taken email without an
// account, and no half-written session.

const keyPrefix = uniquePrefix()
const client = createRedisClient({ kind: 'url', url: testRedisUrl(), keyPrefix })
t.teardown(async () => { await client.quit() })
const failing = new Set<string>()
const repliesLost = new Set<string>()
// The client as the stores see it: the commands named in `failing` fail as if the connection
// dropped before they were sent; those in `repliesLost` run, but their reply never comes back.
const flaky = new Proxy(client, {
  get (target, property) {
    if (typeof property === 'string' && failing.has(property)) return async () => { throw new Error('Connection is closed.') }
    if (typeof property === 'string' && repliesLost.has(property)) {
      const command = (Reflect.get(target, property, target) as (...args: unknown[]) => Promise<unknown>).bind(target)
      return async (...args: unknown[]) => { await command(...args); throw new Error('Command timed out') }
    }
    const value = Reflect.get(target, property, target) as unknown
    return typeof value === 'function' ? value.bind(target) : value
  }
})
const stores = createRedisStores({ client: flaky, keyPrefix })
const { app } = await build(t, { stores })
const redis = inspectRedis(t)

const registerAs = async (email: string): Promise<Awaited<ReturnType<typeof app.inject>>> =>
  await app.inject({ method: 'POST', url: '/auth/register', payload: { email, password: PASSWORD } })
const emailKey = (email: string): string => `${keyPrefix}email:${email}`

t.test('the email claim fails after the user hash was written: the email stays free', async (t) => {
  const email = uniqueEmail()
  failing.add('set')
  const refused = await registerAs(email)
  failing.delete('set')
  t.equal(refused.statusCode, 503)
  t.equal(refused.json().code, 'STORE_UNAVAILABLE')
  t.equal(await redis.exists(emailKey(email)), 0, 'the email is not claimed')
  // The user hash it wrote stays, unreachable: deleting it on an error would be wrong when
  // the claim went through unseen (next case).
  const retried = await registerAs(email)
  t.equal(retried.statusCode, 201, 'the same email registers on retry')
  t.equal((await login(app, email)).userId, retried.json().user.id)
})

t.test('the email claim went through but its reply was lost: the account is whole', async (t) => {
  const email = uniqueEmail()
  repliesLost.add('set')
  t.equal((await registerAs(email)).statusCode, 503)
  repliesLost.delete('set')
  const userId = await redis.get(emailKey(email))
  t.match(await redis.hgetall(`${keyPrefix}{${userId}}:user`), { email, hash: /^\$argon2id\$/ }, 'the claimed email names a complete account')
  t.equal((await registerAs(email)).statusCode, 409, 'a retry is told the account exists')
  t.equal((await login(app, email)).userId, userId, 'and can sign in')
})

t.test('the user hash write fails: nothing is written', async (t) => {
  const email = uniqueEmail()
  const before = (await dumpKeys(redis, keyPrefix)).length
  failing.add('hset')
  t.equal((await registerAs(email)).statusCode, 503)
  failing.delete('hset')
  t.equal((await dumpKeys(redis, keyPrefix)).length, before, 'no key added')
})

t.test('the session fails after the account was complete: the account is whole, no session is half there', async (t) => {
  const email = uniqueEmail()
  failing.add('authgateCreateSession')
  t.equal((await registerAs(email)).statusCode, 503)
  failing.delete('authgateCreateSession')
  const userId = await redis.get(emailKey(email))
  t.ok(userId, 'the email names an account')
  t.match(await redis.hgetall(`${keyPrefix}{${userId}}:user`), { email, role: 'user', hash: /^\$argon2id\$/ }, 'a complete account')
  t.same(await redis.keys(`${keyPrefix}{${userId}}:s*`), [], 'no session or session index')
  t.equal((await registerAs(email)).statusCode, 409, 'a retry is told the account exists')
  t.ok((await login(app, email)).accessToken, 'and can sign in')
})

t.test('a lost race for an email leaves only the winner', async (t) => {
  const email = uniqueEmail()
  const [first, second] = await Promise.all([registerAs(email), registerAs(email)])
  t.same([first.statusCode, second.statusCode].sort(), [201, 409])
  const users = (await dumpKeys(redis, keyPrefix)).filter((k) => k.key.endsWith(':user') && k.content.includes(email))
  t.equal(users.length, 1, "the loser's user hash was removed")
})
