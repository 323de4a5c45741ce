// A small parser for the Prometheus text exposition format (prom-client writes it and has
// no reader): `name{label="value",...} number` per line, # lines skipped. Enough to read
// our own /hubot/metrics back as data instead of grepping it.
export interface Sample { name: string, labels: Record<string, string>, value: number }

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: \d+)?$/
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?/gy

function unescape (value: string): string {
  return value.replace(/\\(.)/g, (_m, c: string) => c === 'n' ? '\n' : c)
}

export function parseExposition (text: string): Sample[] {
  const samples: Sample[] = []
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue
    const m = LINE.exec(line)
    if (m == null) throw new Error(`not an exposition line: ${line}`)
    const labels: Record<string, string> = {}
    const body = m[2] ?? ''
    LABEL.lastIndex = 0
    let read = 0
    for (let l = LABEL.exec(body); l != null; l = LABEL.exec(body)) { labels[l[1]] = unescape(l[2]); read = LABEL.lastIndex }
    if (read !== body.length) throw new Error(`labels not understood: ${line}`)
    const value = m[3] === '+Inf' ? Infinity : m[3] === '-Inf' ? -Infinity : Number(m[3])
    // prom-client writes NaN as "Nan" (a gauge read before its first value).
    if (Number.isNaN(value) && m[3].toLowerCase() !== 'nan') throw new Error(`not a number: ${line}`)
    samples.push({ name: m[1], labels, value })
  }
  return samples
}

/** The value of the one sample named `name` whose labels include `labels`; 0 when there is none. */
export function valueOf (samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const found = samples.filter(s => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`)
  return found[0]?.value ?? 0
}
