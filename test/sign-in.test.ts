import t from 'tap'
import { build, STORE_KINDS } from './helpers/build.js'
import { PASSWORD, register, uniqueEmail } from './helpers/flows.js'

const ISO_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/

for (const store of STORE_KINDS) {
  t.test(`${store}: register answers 201 with the token response and the refresh cookie`, async (t) => {
    const { app } = await build(t, { store })
    const email = uniqueEmail()
    const response = await app.inject({ method: 'POST', url: '/auth/register', payload: { email, password: PASSWORD, name: 'Ada' } })
    t.equal(response.statusCode, 201)
    t.equal(response.headers['cache-control'], 'no-store')
    const body = response.json()
    t.same(Object.keys(body).sort(), ['accessToken', 'expiresIn', 'refreshExpiresIn', 'tokenType', 'user'])
    t.match(body, { tokenType: 'Bearer', accessToken: /^[\w-]+\.[\w-]+\.[\w-]+$/, expiresIn: 900, refreshExpiresIn: 604800 })
    t.match(body.user, { id: /^[\w-]{22}$/, email, name: 'Ada', role: 'user', createdAt: ISO_DATE })
    const setCookie = String(response.headers['set-cookie'])
    t.match(setCookie, /^refresh_token=[\w-]{22}\.[\w-]{22}\.[\w-]{43}; HttpOnly; Secure; SameSite=Strict; Path=\/auth; Max-Age=604800$/, 'exactly as API.md writes it')
    for (const attribute of ['HttpOnly', 'Secure', 'SameSite=Strict', 'Path=/auth', 'Max-Age=604800']) {
      t.ok(setCookie.split('; ').includes(attribute), `cookie has ${attribute}`)
    }
  })

  t.test(`${store}: a user registered without a name has no name property`, async (t) => {
    const { app } = await build(t, { store })
    const { response } = await register(app)
    t.notOk('name' in response.json().user)
  })

  t.test(`${store}: Token-Transport: body puts the refresh token in the body and sets no cookie`, async (t) => {
    const { app } = await build(t, { store })
    for (const value of ['body', 'BODY', 'Body']) {
      const response = await app.inject({ method: 'POST', url: '/auth/register', headers: { 'token-transport': value }, payload: { email: uniqueEmail(), password: PASSWORD } })
      t.equal(response.statusCode, 201)
      t.match(response.json().refreshToken, /^[\w-]{22}\.[\w-]{22}\.[\w-]{43}$/)
      t.equal(response.headers['set-cookie'], undefined, `no cookie with Token-Transport: ${value}`)
    }
  })

  t.test(`${store}: emails are unique regardless of case and surrounding spaces, and stored normalised`, async (t) => {
    const { app } = await build(t, { store })
    const { email } = await register(app, { email: `  Mixed.Case-${Date.now()}@Example.COM ` })
    const again = await app.inject({ method: 'POST', url: '/auth/register', payload: { email: email.trim().toLowerCase(), password: PASSWORD } })
    t.equal(again.statusCode, 409)
    t.same(again.json(), { statusCode: 409, code: 'EMAIL_TAKEN', error: 'Conflict', message: 'An account with this email already exists' })
    const login = await app.inject({ method: 'POST', url: '/auth/login', payload: { email: email.toUpperCase(), password: PASSWORD } })
    t.equal(login.statusCode, 200)
    t.equal(login.json().user.email, email.trim().toLowerCase())
  })

  t.test(`${store}: login answers 200 with the user, a cookie and no-store`, async (t) => {
    const { app } = await build(t, { store })
    const { email, userId } = await register(app)
    const response = await app.inject({ method: 'POST', url: '/auth/login', payload: { email, password: PASSWORD } })
    t.equal(response.statusCode, 200)
    t.equal(response.headers['cache-control'], 'no-store')
    t.match(response.json(), { tokenType: 'Bearer', expiresIn: 900, refreshExpiresIn: 604800, user: { id: userId, email } })
    t.notOk('refreshToken' in response.json())
    t.match(String(response.headers['set-cookie']), /^refresh_token=/)
  })

  t.test(`${store}: a wrong password and an unknown email fail alike`, async (t) => {
    const { app } = await build(t, { store })
    const { email } = await register(app)
    const wrongPassword = await app.inject({ method: 'POST', url: '/auth/login', payload: { email, password: 'not the password' } })
    const unknownEmail = await app.inject({ method: 'POST', url: '/auth/login', payload: { email: uniqueEmail(), password: PASSWORD } })
    for (const response of [wrongPassword, unknownEmail]) {
      t.equal(response.statusCode, 401)
      t.equal(response.headers['set-cookie'], undefined)
    }
    t.same(wrongPassword.json(), unknownEmail.json())
    t.equal(wrongPassword.json().code, 'INVALID_CREDENTIALS')
  })
}

t.test('requests that fail validation get 400 VALIDATION_FAILED naming the field', async (t) => {
  const { app } = await build(t)
  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    ['missing email', { password: PASSWORD }, /email/],
    ['missing password', { email: uniqueEmail() }, /password/],
    ['invalid email', { email: 'not-an-email', password: PASSWORD }, /email/],
    ['email over 254 characters', { email: `${'a'.repeat(64)}@${'b'.repeat(185)}.com`, password: PASSWORD }, /email/],
    ['password under 8 characters', { email: uniqueEmail(), password: 'short' }, /password/],
    ['password over 256 characters', { email: uniqueEmail(), password: 'p'.repeat(257) }, /password/],
    ['name over 100 characters', { email: uniqueEmail(), password: PASSWORD, name: 'n'.repeat(101) }, /name/],
    ['a number for a string', { email: uniqueEmail(), password: 12345678 }, /password/],
    ['an array for a string', { email: [uniqueEmail()], password: PASSWORD }, /email/],
    ['an unknown property', { email: uniqueEmail(), password: PASSWORD, role: 'admin' }, /role/]
  ]
  for (const [label, payload, field] of cases) {
    const response = await app.inject({ method: 'POST', url: '/auth/register', payload })
    t.equal(response.statusCode, 400, label)
    t.equal(response.json().code, 'VALIDATION_FAILED', label)
    t.match(response.json().message, field, `${label}: the message names the field`)
  }
})

t.test('COOKIE_SECURE=false drops only the Secure attribute', async (t) => {
  const { app } = await build(t, { env: { COOKIE_SECURE: 'false' } })
  const { response } = await register(app)
  t.match(String(response.headers['set-cookie']), /^refresh_token=[\w.-]+; HttpOnly; SameSite=Strict; Path=\/auth; Max-Age=604800$/)
})

t.test('password and name limits are inclusive', async (t) => {
  const { app } = await build(t)
  const shortest = await app.inject({ method: 'POST', url: '/auth/register', payload: { email: uniqueEmail(), password: '12345678', name: 'n'.repeat(100) } })
  t.equal(shortest.statusCode, 201)
  const longest = await app.inject({ method: 'POST', url: '/auth/register', payload: { email: uniqueEmail(), password: 'p'.repeat(256) } })
  t.equal(longest.statusCode, 201)
})

t.test('a body that is not JSON gets 415, one over the limit 413, broken JSON 400', async (t) => {
  const { app } = await build(t, { env: { BODY_LIMIT: '1024' } })
  const form = await app.inject({ method: 'POST', url: '/auth/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'email=a&password=b' })
  t.equal(form.statusCode, 415)
  t.equal(form.json().code, 'UNSUPPORTED_MEDIA_TYPE')
  const text = await app.inject({ method: 'POST', url: '/auth/login', headers: { 'content-type': 'text/plain' }, payload: '{"email":"a@b.co","password":"12345678"}' })
  t.equal(text.statusCode, 415)
  const huge = await app.inject({ method: 'POST', url: '/auth/register', payload: { email: uniqueEmail(), password: PASSWORD, name: 'x'.repeat(2000) } })
  t.equal(huge.statusCode, 413)
  t.equal(huge.json().code, 'BODY_TOO_LARGE')
  const broken = await app.inject({ method: 'POST', url: '/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"email": ' })
  t.equal(broken.statusCode, 400)
  t.equal(broken.json().code, 'INVALID_JSON')
})
