// Summarises a V8 .cpuprofile (from `node --cpu-prof`): the functions with the most
// self time, as a share of all samples, so a missed target names where the time went.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

export function newestProfile (dir) {
  const files = readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'))
  files.sort((a, b) => statSync(join(dir, b)).mtimeMs - statSync(join(dir, a)).mtimeMs)
  return files.length === 0 ? undefined : join(dir, files[0])
}

/** Top `limit` functions by self time: [{ name, where, selfPercent }]. */
export function topSelfTime (profilePath, { root = process.cwd(), limit = 20 } = {}) {
  const profile = JSON.parse(readFileSync(profilePath, 'utf8'))
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const selfSamples = new Map()
  for (const id of profile.samples) selfSamples.set(id, (selfSamples.get(id) ?? 0) + 1)
  const byFunction = new Map()
  for (const [id, count] of selfSamples) {
    const { functionName, url, lineNumber } = byId.get(id).callFrame
    const where = url === '' ? '' : `${relative(root, url.replace(/^file:\/\//, ''))}:${lineNumber + 1}`
    const key = `${functionName || '(anonymous)'} ${where}`
    byFunction.set(key, { name: functionName || '(anonymous)', where, samples: (byFunction.get(key)?.samples ?? 0) + count })
  }
  const total = profile.samples.length
  return [...byFunction.values()]
    .sort((a, b) => b.samples - a.samples)
    .slice(0, limit)
    .map(({ name, where, samples }) => ({ name, where, selfPercent: Math.round((samples / total) * 1000) / 10 }))
}

// `node bench/cpu-profile.mjs [file.cpuprofile]`: print the summary of a profile.
if (import.meta.url === `file://${process.argv[1]}`) {
  const path = process.argv[2] ?? newestProfile(new URL('./results', import.meta.url).pathname)
  if (path === undefined) {
    console.error('no .cpuprofile given or found in bench/results')
    process.exit(1)
  }
  console.log(path)
  for (const { name, where, selfPercent } of topSelfTime(path)) console.log(`${String(selfPercent).padStart(5)}%  ${name}  ${where}`)
}
