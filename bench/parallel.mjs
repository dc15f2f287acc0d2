/** Runs `task(i)` for i < count, at most `concurrency` at a time; results in order. */
export async function inParallel (count, concurrency, task) {
  const results = new Array(count)
  let next = 0
  const lane = async () => {
    while (next < count) {
      const i = next++
      results[i] = await task(i)
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane))
  return results
}
