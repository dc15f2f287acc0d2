// Builds dist/ when it is missing or older than any file under src/ (the benchmark always
// measures the built server, as `node dist/server.js` runs in production).
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

function newestMtimeMs (dir) {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtimeMs(path) : statSync(path).mtimeMs)
  }
  return newest
}

export function isBuildCurrent (root) {
  const built = join(root, 'dist', 'server.js')
  if (!existsSync(built) || !existsSync(join(root, 'dist', 'redis', 'lua'))) return false
  return statSync(built).mtimeMs >= newestMtimeMs(join(root, 'src'))
}

export function buildIfNeeded (root, log) {
  if (isBuildCurrent(root)) return
  log('building dist/ (npm run build)…')
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  const result = spawnSync(npm, ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' })
  if (result.status !== 0) throw new Error('npm run build failed')
}
