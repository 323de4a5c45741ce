// Chat text for lists of pull requests: one message, a first line with the true total,
// then one line per pull request, most recently updated first,
//   acme/api#7 docs: explain the deploy lock (octocat, 12d, draft) https://github.com/acme/api/pull/7
// at most the list limit of them, then "and N more: <the same list on the web>".
import { quoteInput } from '../../chat/quote.ts'
import type { PullSummary } from './client.ts'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
// GitHub allows 256 characters in a title; a line stays readable with most of them.
const TITLE_LIMIT = 200

/** How long ago `iso` was, compactly: 45m, 5h, 12d. */
export function age (iso: string, nowMs: number): string {
  const ms = Math.max(0, nowMs - Date.parse(iso))
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)}m`
  if (ms < DAY) return `${Math.floor(ms / HOUR)}h`
  return `${Math.floor(ms / DAY)}d`
}

export function pullLine (p: PullSummary, nowMs: number): string {
  // A title is anyone's text: one line, no control characters, bounded.
  const title = quoteInput(p.title, TITLE_LIMIT)
  return `${p.repo}#${p.number} ${title} (${p.author}, ${age(p.createdAt, nowMs)}${p.draft ? ', draft' : ''}) ${p.url}`
}

export interface ListReply {
  /** "147 open pull requests in acme, ..." (ends without a colon). */
  header: string
  /** Everything matching, or at least the first `limit`, most recently updated first. */
  pulls: PullSummary[]
  /** How many match in all. */
  total: number
  limit: number
  /** The same list on the web, for the ones not shown. */
  moreLink: string
  nowMs: number
}

export function listReply (r: ListReply): string {
  const shown = r.pulls.slice(0, r.limit)
  const lines = [`${r.header}:`, ...shown.map(p => pullLine(p, r.nowMs))]
  if (r.total > shown.length) lines.push(`and ${r.total - shown.length} more: ${r.moreLink}`)
  return lines.join('\n')
}
