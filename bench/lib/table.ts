// The one table `npm run bench` prints: a Markdown table, so the README can quote it as is.
import type { Row } from '../types.ts'

const HEADER = ['section', 'measure', 'ours', 'peer', 'ratio', 'target', 'met']

/** 1234.5 -> "1,235"; 12.345 -> "12.3"; 0.01234 -> "0.0123": three significant figures at most below 1000. */
export function formatNumber (n: number): string {
  if (!Number.isFinite(n)) return String(n)
  const abs = Math.abs(n)
  if (abs >= 1000) return Math.round(n).toLocaleString('en-US')
  if (abs === 0) return '0'
  return String(Number(n.toPrecision(3)))
}

function withUnit (n: number | null, unit: string): string {
  if (n == null) return '-'
  return unit === '' ? formatNumber(n) : `${formatNumber(n)} ${unit}`
}

export function formatTable (rows: Array<Row & { section: string }>): string {
  const cells = rows.map(r => [
    r.section, r.measure, withUnit(r.ours, r.unit), withUnit(r.peer, r.unit),
    r.ratio == null ? '-' : r.ratio.toFixed(2), r.target ?? '-', r.met == null ? '-' : r.met ? 'met' : 'NOT met'
  ])
  const widths = HEADER.map((h, i) => Math.max(h.length, ...cells.map(c => c[i].length)))
  const line = (c: string[]): string => `| ${c.map((v, i) => v.padEnd(widths[i])).join(' | ')} |`
  return [line(HEADER), `|${widths.map(w => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n')
}
