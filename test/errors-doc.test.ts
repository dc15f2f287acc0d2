import { readFileSync } from 'node:fs'
import t from 'tap'
import * as errors from '../src/errors.js'

// Every code the service can answer with is documented, and nothing else is.
t.test('docs/errors.md documents exactly the codes of src/errors.ts, with their status', async (t) => {
  const page = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8')
  const documented = new Map([...page.matchAll(/^\| `([A-Z_]+)` \| (\d{3}) \|/gm)].map((m) => [m[1]!, Number(m[2])]))
  const defined = new Map<string, number>()
  for (const value of Object.values(errors)) {
    if (typeof value !== 'function') continue
    const instance = new (value as new (...args: string[]) => { code: string, statusCode: number })('x', 'y')
    defined.set(instance.code, instance.statusCode)
  }
  t.same([...documented.keys()].sort(), [...defined.keys()].sort())
  for (const [code, status] of defined) t.equal(documented.get(code), status, `${code} is documented as ${status}`)
})
