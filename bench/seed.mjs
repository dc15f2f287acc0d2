import { inParallel } from './parallel.mjs'

// Seeding through the public API, before anything is measured: users are registered and
// signed in (at the server's real argon2 cost) to get the sessions the scenarios drive.

export const PASSWORD = 'correct horse battery staple'

const BODY_TRANSPORT = { 'content-type': 'application/json', 'token-transport': 'body' }

async function postJson (url, body, expectedStatus) {
  const response = await fetch(url, { method: 'POST', headers: BODY_TRANSPORT, body: JSON.stringify(body) })
  const text = await response.text()
  if (response.status !== expectedStatus) throw new Error(`POST ${url}: ${response.status} ${text}`)
  return JSON.parse(text)
}

/** Registers `count` users; returns their emails. */
export async function registerUsers (baseUrl, count) {
  const run = Date.now().toString(36)
  return await inParallel(count, 4, async (i) => {
    const email = `bench-${run}-${i}@example.com`
    await postJson(`${baseUrl}/auth/register`, { email, password: PASSWORD }, 201)
    return email
  })
}

/** Signs in `count` times, round-robin over `emails`; one session each: `{ accessToken, refreshToken }`. */
export async function openSessions (baseUrl, emails, count) {
  return await inParallel(count, 4, async (i) => {
    const body = await postJson(`${baseUrl}/auth/login`, { email: emails[i % emails.length], password: PASSWORD }, 200)
    return { accessToken: body.accessToken, refreshToken: body.refreshToken }
  })
}

/** Rotates each session once (cheap): fresh access tokens, whatever time has passed. */
export async function refreshSessions (baseUrl, sessions) {
  return await inParallel(sessions.length, 8, async (i) => {
    const body = await postJson(`${baseUrl}/auth/refresh`, { refreshToken: sessions[i].refreshToken }, 200)
    return { accessToken: body.accessToken, refreshToken: body.refreshToken }
  })
}
