// "Did you mean": the known names nearest to what was typed, by edit distance
// (insertions, deletions, substitutions; case ignored), for configuration messages.

function distance (a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    prev = row
  }
  return prev[b.length]
}

// Configuration names are short; a pasted kilobyte is compared by its start only.
const LIMIT = 100

/** Up to `count` of `candidates`, nearest first (ties in the candidates' order), at most `maxDistance` away. */
export function closest (typed: string, candidates: readonly string[], count = 3, maxDistance = Infinity): string[] {
  const t = typed.slice(0, LIMIT).toLowerCase()
  return [...new Set(candidates)]
    .map((c, i) => ({ c, i, d: distance(t, c.slice(0, LIMIT).toLowerCase()) }))
    .filter(x => x.d <= maxDistance)
    .sort((x, y) => x.d - y.d || x.i - y.i)
    .slice(0, count)
    .map(x => x.c)
}
