import t from 'tap'
import * as errors from '../src/errors.js'

// A refusal is an answer, not a fault: 4xx errors skip the stack capture (the costliest
// part of a 401 under a token-guessing flood); 5xx errors, which are logged, keep theirs.
t.test('4xx errors carry no stack trace; 5xx errors do', async (t) => {
  let checked = 0
  for (const [name, value] of Object.entries(errors)) {
    if (typeof value !== 'function') continue
    const error = new (value as new (...args: string[]) => Error & { statusCode: number })('x', 'y')
    if (error.statusCode >= 500) {
      t.match(error.stack, /\n\s+at /, `${name} (${error.statusCode}) has a stack`)
    } else {
      t.notMatch(error.stack ?? '', /\n\s+at /, `${name} (${error.statusCode}) has none`)
    }
    t.ok(error instanceof Error, `${name} is still an Error`)
    checked++
  }
  t.ok(checked > 20, `every error class was checked (${checked})`)
})
