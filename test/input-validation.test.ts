import Fastify from 'fastify'
import t from 'tap'
import { RegisterSchema } from '../src/routes/schemas/auth.js'
import { build } from './helpers/build.js'
import { bearer, PASSWORD, register, uniqueEmail } from './helpers/flows.js'

// Types are not coerced: a number, boolean, array, object or null where a string belongs
// is a 400 that names the field, and nothing is stored. (Fastify's default validator,
// Ajv with coerceTypes, would turn 12345678 into "12345678" and ["x"] into "x".)

const { app } = await build(t)
const owner = await register(app, { transport: 'body' })

const WRONG_TYPES: Array<[string, unknown]> = [
  ['a number', 12345678], ['a boolean', true], ['an array of a string', ['abcdefgh@example.com']],
  ['an object', { toString: 'x' }], ['null', null]
]

interface Case { url: string, field: string, valid: Record<string, unknown>, auth?: boolean }
const CASES: Case[] = [
  { url: '/auth/register', field: 'email', valid: { email: uniqueEmail(), password: PASSWORD } },
  { url: '/auth/register', field: 'password', valid: { email: uniqueEmail(), password: PASSWORD } },
  { url: '/auth/register', field: 'name', valid: { email: uniqueEmail(), password: PASSWORD, name: 'Ada' } },
  { url: '/auth/login', field: 'email', valid: { email: owner.email, password: PASSWORD } },
  { url: '/auth/login', field: 'password', valid: { email: owner.email, password: PASSWORD } },
  { url: '/auth/refresh', field: 'refreshToken', valid: { refreshToken: owner.refreshToken } },
  { url: '/auth/logout', field: 'refreshToken', valid: { refreshToken: owner.refreshToken } },
  { url: '/auth/password', field: 'currentPassword', valid: { currentPassword: PASSWORD, newPassword: 'a brand new password' }, auth: true },
  { url: '/auth/password', field: 'newPassword', valid: { currentPassword: PASSWORD, newPassword: 'a brand new password' }, auth: true }
]

for (const { url, field, valid, auth } of CASES) {
  t.test(`${url}: ${field} of the wrong type is a 400 naming the field`, async (t) => {
    for (const [what, value] of WRONG_TYPES) {
      const response = await app.inject({
        method: 'POST',
        url,
        headers: auth === true ? bearer(owner.accessToken) : {},
        payload: { ...valid, [field]: value }
      })
      t.equal(response.statusCode, 400, what)
      t.equal(response.json().code, 'VALIDATION_FAILED', what)
      t.match(response.json().message, `body/${field}`, what)
    }
  })
}

t.test('nothing was coerced into an account: a numeric password registers nothing', async (t) => {
  const email = uniqueEmail()
  const response = await app.inject({ method: 'POST', url: '/auth/register', payload: { email, password: 12345678 } })
  t.equal(response.statusCode, 400)
  const login = await app.inject({ method: 'POST', url: '/auth/login', payload: { email, password: '12345678' } })
  t.equal(login.statusCode, 401, 'no account under that email')
})

t.test('the owner is still signed in with the original password: no case above changed it', async (t) => {
  const login = await app.inject({ method: 'POST', url: '/auth/login', payload: { email: owner.email, password: PASSWORD } })
  t.equal(login.statusCode, 200)
})

t.test('unknown properties are a 400 naming them, and never stored', async (t) => {
  const email = uniqueEmail()
  const response = await app.inject({ method: 'POST', url: '/auth/register', payload: { email, password: PASSWORD, role: 'admin' } })
  t.equal(response.statusCode, 400)
  t.equal(response.json().message, 'body/role is not allowed')
  const login = await app.inject({ method: 'POST', url: '/auth/login', payload: { email, password: PASSWORD } })
  t.equal(login.statusCode, 401, 'not registered either')
})

t.test('a body that is not an object is a 400', async (t) => {
  for (const payload of ['null', '42', '"a string"', '[]', '[{"email":"a@example.com"}]']) {
    const response = await app.inject({ method: 'POST', url: '/auth/login', headers: { 'content-type': 'application/json' }, payload })
    t.equal(response.statusCode, 400, payload)
    t.equal(response.json().code, 'VALIDATION_FAILED', payload)
  }
})

t.test('control: the same schema under Fastify\'s default validator would have coerced', async (t) => {
  const plain = Fastify()
  plain.post('/register', { schema: { body: RegisterSchema.body } }, async (request) => request.body)
  t.teardown(async () => { await plain.close() })
  const response = await plain.inject({ method: 'POST', url: '/register', payload: { email: 'a@example.com', password: 12345678 } })
  t.equal(response.statusCode, 200, 'accepted by Ajv with coerceTypes')
  t.equal(response.json().password, '12345678', 'the number became a string')
})
