// Chat text for Zendesk tickets. A list is ONE message (hubot-zendesk sent one per ticket
// and flooded the room): up to the configured limit of lines, then "and N more: <link>".
// Times are relative and in UTC, so a room spread over time zones reads them the same.
// Subjects are customers' words: cut and folded onto one line like typed input.
import { plural } from '../../chat/plural.ts'
import { quoteInput } from '../../chat/quote.ts'
import { utcMinute } from '../../chat/time.ts'
import { searchLink, SELECTIONS, ticketLink, ticketsPhrase, type Selection } from './queries.ts'
import type { Ticket, TicketPage } from './types.ts'

const SUBJECT_LIMIT = 80
const STATUS_WORDS: Record<string, string> = { hold: 'on hold' }

/** "just now", "5 minutes ago", "3 hours ago", "2 days ago" (or "in ..." for a clock ahead of ours). */
export function relative (t: string | number, nowMs: number): string {
  const ms = nowMs - new Date(t).getTime()
  const s = Math.round(Math.abs(ms) / 1000)
  if (s < 45) return 'just now'
  const [n, unit] = s < 90 * 60 ? [Math.max(1, Math.round(s / 60)), 'minute'] : s < 36 * 3600 ? [Math.round(s / 3600), 'hour'] : [Math.round(s / 86400), 'day']
  const span = plural(n, unit)
  return ms >= 0 ? `${span} ago` : `in ${span}`
}

const subjectOf = (t: Ticket): string => t.subject != null && t.subject.trim() !== '' ? quoteInput(t.subject, SUBJECT_LIMIT) : '(no subject)'
const statusOf = (t: Ticket): string => STATUS_WORDS[t.status] ?? t.status

export function countMessage (selection: Selection, count: number): string {
  const phrase = ticketsPhrase(selection, count)
  return `${phrase[0].toUpperCase()}${phrase.slice(1)}.`
}

export function ticketLine (t: Ticket, webUrl: string, nowMs: number): string {
  const priority = t.priority != null ? `, ${t.priority}` : ''
  return `#${t.id} ${subjectOf(t)} (${statusOf(t)}${priority}) - updated ${relative(t.updated_at, nowMs)} - ${ticketLink(webUrl, t.id)}`
}

export function listMessage (selection: Selection, page: TicketPage, webUrl: string, nowMs: number): string {
  if (page.count === 0 || page.tickets.length === 0) return `${countMessage(selection, 0)}`
  const header = `${ticketsPhrase(selection, page.count)}, most recently updated first:`
  const lines = page.tickets.map(t => ticketLine(t, webUrl, nowMs))
  const rest = page.count - page.tickets.length
  if (rest > 0) lines.push(`and ${rest} more: ${searchLink(webUrl, SELECTIONS[selection].query)}`)
  return [`${header[0].toUpperCase()}${header.slice(1)}`, ...lines].join('\n')
}

function person (who: Ticket['requester'], id: number | null | undefined): string {
  if (id == null) return 'nobody'
  return who?.name != null && who.name !== '' ? quoteInput(who.name) : `user ${id}`
}

export function ticketMessage (t: Ticket, webUrl: string, nowMs: number): string {
  return [
    `#${t.id} ${subjectOf(t)}`,
    `status: ${statusOf(t)}, priority: ${t.priority ?? 'none'}`,
    `requester: ${person(t.requester, t.requester_id)}, assignee: ${person(t.assignee, t.assignee_id)}`,
    `tags: ${t.tags.length > 0 ? t.tags.join(', ') : 'none'}`,
    `created ${relative(t.created_at, nowMs)} (${utcMinute(t.created_at)}), updated ${relative(t.updated_at, nowMs)} (${utcMinute(t.updated_at)})`,
    ticketLink(webUrl, t.id)
  ].join('\n')
}
