import type { Test } from 'tap'
import t from 'tap'
import { build, STORE_KINDS } from './helpers/build.js'
import { PASSWORD, refresh, register, uniqueEmail } from './helpers/flows.js'
import { privateRedisServer, uniquePrefix } from './helpers/redis.js'

const LIMITED = { RATE_LIMIT: 'on', RATE_LIMIT_LOGIN: '3/1m', RATE_LIMIT_REGISTER: '2/1m', RATE_LIMIT_REFRESH: '3/1m', RATE_LIMIT_LOGIN_ACCOUNT: '3/1m' }

function assertLimited (t: Test, response: { statusCode: number, headers: Record<string, unknown>, json: () => { code: string } }, label: string): void {
  t.equal(response.statusCode, 429, label)
  t.equal(response.json().code, 'RATE_LIMITED', `${label}: code`)
  t.ok(Number(response.headers['retry-after']) > 0, `${label}: Retry-After`)
  for (const header of ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset']) t.ok(header in response.headers, `${label}: ${header}`)
}

for (const store of STORE_KINDS) {
  t.test(`${store}: login, register and refresh are limited per client address`, async (t) => {
    const { app } = await build(t, { store, env: LIMITED })
    const login = async (remoteAddress: string) => await app.inject({ method: 'POST', url: '/auth/login', remoteAddress, payload: { email: uniqueEmail(), password: PASSWORD } })
    for (let i = 0; i < 3; i++) t.equal((await login('10.0.0.1')).statusCode, 401)
    assertLimited(t, await login('10.0.0.1'), 'login')
    t.equal((await login('10.0.0.2')).statusCode, 401, 'another address is not limited')

    const registerFrom = async (remoteAddress: string) => await app.inject({ method: 'POST', url: '/auth/register', remoteAddress, payload: { email: uniqueEmail(), password: PASSWORD } })
    t.equal((await registerFrom('10.0.1.1')).statusCode, 201)
    const taken = await registerFrom('10.0.1.1')
    t.equal(taken.statusCode, 201)
    assertLimited(t, await registerFrom('10.0.1.1'), 'register')

    const refreshFrom = async (remoteAddress: string) => await app.inject({ method: 'POST', url: '/auth/refresh', remoteAddress, payload: { refreshToken: 'nope' } })
    for (let i = 0; i < 3; i++) t.equal((await refreshFrom('10.0.2.1')).statusCode, 401)
    assertLimited(t, await refreshFrom('10.0.2.1'), 'refresh')
  })

  t.test(`${store}: failed logins are limited per account and address, and per account overall`, async (t) => {
    const { app } = await build(t, { store, env: { ...LIMITED, RATE_LIMIT_LOGIN: '1000/1m' } })
    const { email } = await register(app)
    const attempt = async (remoteAddress: string, password = 'wrong password') =>
      await app.inject({ method: 'POST', url: '/auth/login', remoteAddress, payload: { email, password } })
    for (let i = 0; i < 3; i++) t.equal((await attempt('10.1.0.1')).statusCode, 401)
    assertLimited(t, await attempt('10.1.0.1', PASSWORD), 'the right password from the attacking address')
    t.equal((await attempt('10.1.0.2', PASSWORD)).statusCode, 200, 'the owner elsewhere still signs in')
    // Ten times the per-address limit from everywhere trips the account-wide limit.
    for (let i = 0; i < 27; i++) await attempt(`10.2.0.${i}`)
    assertLimited(t, await attempt('10.3.0.1', PASSWORD), 'after 30 failures from many addresses')
  })
}

t.test('two instances sharing one Redis share their counters', async (t) => {
  const keyPrefix = uniquePrefix()
  const { app: first } = await build(t, { store: 'redis', keyPrefix, env: LIMITED })
  const { app: second } = await build(t, { store: 'redis', keyPrefix, env: LIMITED })
  const login = async (app: typeof first) => await app.inject({ method: 'POST', url: '/auth/login', remoteAddress: '10.9.0.1', payload: { email: uniqueEmail(), password: PASSWORD } })
  await login(first)
  await login(second)
  await login(first)
  assertLimited(t, await login(second), 'the fourth login, on the other instance')
})

t.test('RATE_LIMIT=off lifts every limit', async (t) => {
  const { app } = await build(t, { env: { ...LIMITED, RATE_LIMIT: 'off' } })
  for (let i = 0; i < 6; i++) {
    const response = await app.inject({ method: 'POST', url: '/auth/login', payload: { email: uniqueEmail(), password: PASSWORD } })
    t.equal(response.statusCode, 401)
  }
})

t.test('with the store down, limited routes answer 503, neither 500 nor unlimited', async (t) => {
  const server = await privateRedisServer(t)
  const { app } = await build(t, { store: 'redis', redisUrl: server.url, env: LIMITED })
  const { refreshToken } = await register(app, { transport: 'body' })
  await server.stop()
  for (const response of [
    await app.inject({ method: 'POST', url: '/auth/login', payload: { email: uniqueEmail(), password: PASSWORD } }),
    await app.inject({ method: 'POST', url: '/auth/register', payload: { email: uniqueEmail(), password: PASSWORD } }),
    await refresh(app, refreshToken)
  ]) {
    t.equal(response.statusCode, 503)
    t.equal(response.json().code, 'STORE_UNAVAILABLE')
    t.equal(response.headers['retry-after'], '1')
  }
})
