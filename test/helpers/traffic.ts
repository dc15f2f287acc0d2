import type { FastifyInstance } from 'fastify'
import { refresh, refreshTokenOf } from './flows.js'

// Steady refresh traffic for failure tests: one client per token, each refreshing in a
// loop and keeping the newest token it was given, the way a real client does.

export interface Answer {
  client: number
  startedAtMs: number
  status: number
  code?: string
  retryAfter?: string
}

export interface RefreshTraffic {
  /** Every answer so far, in the order they arrived. */
  answers: Answer[]
  /** Each client's newest refresh token. */
  tokens: string[]
  /** Stops every client and waits for requests in flight. */
  stop: () => Promise<void>
}

export function startRefreshTraffic (app: FastifyInstance, refreshTokens: string[], pauseMs = 10): RefreshTraffic {
  const answers: Answer[] = []
  const tokens = [...refreshTokens]
  let stopped = false
  const runClient = async (client: number): Promise<void> => {
    while (!stopped) {
      const startedAtMs = Date.now()
      const response = await refresh(app, tokens[client]!)
      const body = response.json() as { code?: string }
      const retryAfter = response.headers['retry-after']
      answers.push({
        client,
        startedAtMs,
        status: response.statusCode,
        ...(body.code !== undefined && { code: body.code }),
        ...(retryAfter !== undefined && { retryAfter: String(retryAfter) })
      })
      if (response.statusCode === 200) tokens[client] = refreshTokenOf(response)
      await sleep(pauseMs)
    }
  }
  const running = Promise.all(tokens.map(async (_, client) => await runClient(client)))
  return {
    answers,
    tokens,
    async stop () {
      stopped = true
      await running
    }
  }
}

/** Polls `check` every 20 ms; resolves true when it holds, false after `timeoutMs`. */
export async function eventually (check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (!await check()) {
    if (Date.now() > deadline) return false
    await sleep(20)
  }
  return true
}

export async function sleep (ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms))
}
