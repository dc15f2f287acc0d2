import t, { type Test } from 'tap'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { build } from './helpers/build.js'
import { refresh, register } from './helpers/flows.js'

// Cross-site request forgery against the endpoints that honour the refresh cookie
// (refresh and logout): what a forged request from another site can send is refused,
// before it touches the session; the service's own origin and configured ones get through.

const SERVICE = 'auth.example.com'
const ALLOWED = 'https://app.example.com'
const { app } = await build(t, { env: { ALLOWED_ORIGINS: `${ALLOWED}, https://admin.example.com/` } })

async function cookieRequest (app: FastifyInstance, url: string, token: string, headers: Record<string, string>, payload?: string): Promise<LightMyRequestResponse> {
  return await app.inject({
    method: 'POST',
    url,
    headers: { host: SERVICE, ...headers },
    cookies: { refresh_token: token },
    ...(payload !== undefined && { payload })
  })
}

/** The session behind `token` is still live, and rotates normally. */
async function sessionIntact (t: Test, token: string): Promise<void> {
  t.equal((await refresh(app, token)).statusCode, 200, 'the session is untouched and still rotates')
}

function refusedAsCrossSite (t: Test, response: LightMyRequestResponse): void {
  t.equal(response.statusCode, 403)
  t.equal(response.json().code, 'CROSS_SITE_REQUEST')
  t.notOk(response.cookies.some((c) => c.name === 'refresh_token'), 'the cookie is neither replaced nor cleared')
}

for (const url of ['/auth/refresh', '/auth/logout']) {
  t.test(`${url}: Sec-Fetch-Site: cross-site is refused`, async (t) => {
    const { refreshToken } = await register(app)
    refusedAsCrossSite(t, await cookieRequest(app, url, refreshToken, { 'sec-fetch-site': 'cross-site' }))
    await sessionIntact(t, refreshToken)
  })

  t.test(`${url}: a foreign Origin is refused`, async (t) => {
    const { refreshToken } = await register(app)
    for (const origin of ['https://evil.example', 'https://auth.example.com.evil.example', 'null', 'not a url']) {
      refusedAsCrossSite(t, await cookieRequest(app, url, refreshToken, { origin }))
    }
    await sessionIntact(t, refreshToken)
  })

  t.test(`${url}: a sibling subdomain not configured is refused even when same-site`, async (t) => {
    const { refreshToken } = await register(app)
    refusedAsCrossSite(t, await cookieRequest(app, url, refreshToken, { origin: 'https://blog.example.com', 'sec-fetch-site': 'same-site' }))
    await sessionIntact(t, refreshToken)
  })

  t.test(`${url}: a text/plain body (what a cross-site form can send) is 415`, async (t) => {
    const { refreshToken } = await register(app)
    const response = await cookieRequest(app, url, refreshToken, { 'content-type': 'text/plain' }, '{"refreshToken":"x"}')
    t.equal(response.statusCode, 415)
    t.equal(response.json().code, 'UNSUPPORTED_MEDIA_TYPE')
    await sessionIntact(t, refreshToken)
  })

  t.test(`${url}: form bodies are 415, even empty ones`, async (t) => {
    const { refreshToken } = await register(app)
    for (const [contentType, payload] of [
      ['application/x-www-form-urlencoded', 'refreshToken=x'],
      ['application/x-www-form-urlencoded', ''],
      ['multipart/form-data; boundary=b', '--b\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--b--\r\n']
    ] as const) {
      const response = await cookieRequest(app, url, refreshToken, { 'content-type': contentType }, payload)
      t.equal(response.statusCode, 415, contentType)
      t.equal(response.json().code, 'UNSUPPORTED_MEDIA_TYPE')
    }
    await sessionIntact(t, refreshToken)
  })
}

t.test("the service's own origin is accepted", async (t) => {
  const { refreshToken } = await register(app)
  const response = await cookieRequest(app, '/auth/refresh', refreshToken, { origin: `https://${SERVICE}`, 'sec-fetch-site': 'same-origin' })
  t.equal(response.statusCode, 200)
})

t.test('a configured allowed origin is accepted (case, and a trailing slash in the setting, do not matter)', async (t) => {
  for (const origin of [ALLOWED, 'https://admin.example.com', 'HTTPS://APP.EXAMPLE.COM']) {
    const { refreshToken } = await register(app)
    const response = await cookieRequest(app, '/auth/refresh', refreshToken, { origin, 'sec-fetch-site': 'same-site' })
    t.equal(response.statusCode, 200, origin)
  }
})

t.test('logout from our own origin revokes the session and clears the cookie', async (t) => {
  const { refreshToken } = await register(app)
  const response = await cookieRequest(app, '/auth/logout', refreshToken, { origin: `https://${SERVICE}` })
  t.equal(response.statusCode, 204)
  t.equal(response.cookies.find((c) => c.name === 'refresh_token')?.value, '', 'cookie cleared')
  t.equal((await refresh(app, refreshToken)).statusCode, 401, 'session gone')
})

t.test('a request without Origin or Sec-Fetch-Site (not a browser) is not a forgery', async (t) => {
  const { refreshToken } = await register(app)
  t.equal((await cookieRequest(app, '/auth/refresh', refreshToken, {})).statusCode, 200)
})

t.test('the body transport is not guarded: a forger cannot know the token it would have to send', async (t) => {
  const { refreshToken } = await register(app, { transport: 'body' })
  const response = await app.inject({
    method: 'POST',
    url: '/auth/refresh',
    headers: { host: SERVICE, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    payload: { refreshToken }
  })
  t.equal(response.statusCode, 200)
})
