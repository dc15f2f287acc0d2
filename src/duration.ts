const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const

const DURATION = /^(\d+(?:\.\d+)?)(s|m|h|d)?$/

/**
 * Parses `900`, `15m`, `1.5s`, `7d` into milliseconds. A bare number is whole seconds;
 * a fraction needs a unit so that `0.5` is never read as half a millisecond by mistake.
 * Returns `undefined` for anything else so the caller can name the offending setting.
 */
export function parseDurationMs (text: string): number | undefined {
  const match = DURATION.exec(text.trim())
  if (match === null) return undefined
  const [, amount, unit] = match as unknown as [string, string, keyof typeof UNIT_MS | undefined]
  if (unit === undefined && amount.includes('.')) return undefined
  return Math.round(Number(amount) * UNIT_MS[unit ?? 's'])
}
