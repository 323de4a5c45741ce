// Chat arguments of the PagerDuty commands, checked before any request
// (minutes 1..1440, days 1..90, incident numbers positive integers). A bad
// value is a BotError carrying the usage line.
import { BotError } from '../../core/errors.ts'

export const USAGE = {
  incident: 'pager incident <number>',
  ack: 'pager ack <n1> [<n2> ...]',
  resolve: 'pager resolve <n1> [<n2> ...]',
  notes: 'pager notes <number>',
  note: 'pager note <number> <text>',
  trigger: 'pager trigger <target> <message> (quote a target with spaces: "Primary On-Call")',
  maintenance: 'pager maintenance <minutes> <service> [<service> ...] (minutes 1-1440)',
  take: 'pager me <schedule> <minutes> (minutes 1-1440)',
  me: 'pager me as <email>',
  mySchedule: 'pager my schedule [<days>] (days 1-90)',
  schedule: 'pager schedule <schedule> [<days>] (days 1-90)'
} as const

export function usage (command: keyof typeof USAGE, problem: string): BotError {
  return new BotError('bad_input', `${problem}. Usage: ${USAGE[command]}`)
}

function wholeNumber (typed: string, min: number, max: number): number | null {
  // Digits only (no "1e3", "0x10", "1.5"), few enough to be exact; the range does the rest.
  if (!/^\d{1,12}$/.test(typed)) return null
  const n = Number(typed)
  return n >= min && n <= max ? n : null
}

export function minutesArg (typed: string, command: 'maintenance' | 'take'): number {
  return wholeNumber(typed, 1, 1440) ?? (() => { throw usage(command, `"${typed}" is not a number of minutes from 1 to 1440`) })()
}

export function daysArg (typed: string | undefined, command: 'mySchedule' | 'schedule'): number {
  if (typed == null) return 30
  return wholeNumber(typed, 1, 90) ?? (() => { throw usage(command, `"${typed}" is not a number of days from 1 to 90`) })()
}

export function incidentNumbers (typed: string, command: 'incident' | 'ack' | 'resolve' | 'notes' | 'note'): number[] {
  const tokens = typed.split(/[\s,]+/).filter(Boolean).map(t => t.replace(/^#/, ''))
  if (tokens.length === 0) throw usage(command, 'no incident number given')
  const numbers = tokens.map(t => wholeNumber(t, 1, 999_999_999))
  const bad = tokens.filter((_, i) => numbers[i] == null)
  if (bad.length > 0) throw usage(command, `"${bad[0]}" is not an incident number (a positive whole number)`)
  return [...new Set(numbers as number[])]
}

/** Words, where "double quoted words" count as one: `"Primary On-Call" disk full`. */
export function splitWords (text: string): string[] {
  const out: string[] = []
  for (const m of text.matchAll(/"([^"]*)"|“([^”]*)”|(\S+)/g)) out.push(m[1] ?? m[2] ?? m[3])
  return out.filter(w => w !== '')
}

/** The trailing days argument of `pager schedule <schedule> [<days>]`. */
export function splitTrailingNumber (text: string): { rest: string, number?: string } {
  const m = /^(.*?)\s+(-?\d+)$/.exec(text.trim())
  return m == null ? { rest: text.trim() } : { rest: m[1], number: m[2] }
}

const EMAIL = /^[^\s@"<>]+@[^\s@"<>]+\.[^\s@"<>]+$/
export function emailArg (typed: string): string {
  const email = typed.trim().replace(/^<mailto:([^|>]+)\|[^>]*>$/, '$1').replace(/^<|>$/g, '') // Slack wraps emails as <mailto:x|x>
  if (!EMAIL.test(email)) throw usage('me', `"${typed.trim()}" is not an email address`)
  return email.toLowerCase()
}

/** A PagerDuty object id (P + 6 capitals/digits), typed instead of a name. */
export const PD_ID = /^P[A-Z0-9]{6}$/
