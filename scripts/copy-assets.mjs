// tsc compiles TypeScript only; the Lua scripts and the argon2 worker thread (plain
// JavaScript, see src/accounts/argon2-worker.js) ship beside the compiled code.
import { cpSync } from 'node:fs'

const copy = (path, options) => cpSync(new URL(`../src/${path}`, import.meta.url), new URL(`../dist/${path}`, import.meta.url), options)
copy('redis/lua', { recursive: true })
copy('accounts/argon2-worker.js')
