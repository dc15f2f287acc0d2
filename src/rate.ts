import { parseDurationMs } from './duration.js'

export interface RateLimitRule {
  max: number
  windowMs: number
}

/** Parses `<max>/<duration>`, e.g. `20/1m`; `undefined` when malformed. */
export function parseRateLimitRule (text: string): RateLimitRule | undefined {
  const slash = text.indexOf('/')
  if (slash < 1) return undefined
  const maxText = text.slice(0, slash).trim()
  if (!/^\d+$/.test(maxText)) return undefined
  const windowMs = parseDurationMs(text.slice(slash + 1))
  const max = Number(maxText)
  if (windowMs === undefined || windowMs === 0 || max === 0) return undefined
  return { max, windowMs }
}
