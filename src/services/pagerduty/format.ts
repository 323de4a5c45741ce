// Chat text for PagerDuty objects. Every object shown carries its html_url; lists longer
// than 20 lines end with "and N more: <link>" instead of flooding the room.
import type { Incident } from './types.ts'

export const MAX_LINES = 20

type Ref = { summary?: string | null, html_url?: string | null } | null | undefined

export function incidentLine (i: Incident): string {
  const assignees = (i.assignments ?? []).map(a => (a.assignee as Ref)?.summary).filter(Boolean)
  const service = (i.service as Ref)?.summary ?? 'unknown service'
  return `#${i.incident_number} ${i.title} (${service}) - ${i.status}, assigned to ${assignees.length > 0 ? assignees.join(', ') : 'nobody'} - ${i.html_url ?? ''}`.trimEnd()
}

/** The PagerDuty web app's origin (https://acme.pagerduty.com), from any object's html_url. */
export function webOrigin (items: Array<{ html_url?: string | null }>): string | null {
  const url = items.map(i => i.html_url).find(u => u != null && u !== '')
  if (url == null) return null
  try { return new URL(url).origin } catch { return null }
}

export function capLines (lines: string[], moreLink: string | null): string[] {
  if (lines.length <= MAX_LINES) return lines
  const rest = lines.length - MAX_LINES
  return [...lines.slice(0, MAX_LINES), `and ${rest} more${moreLink != null ? `: ${moreLink}` : ''}`]
}

export { utcMinute as when } from '../../chat/time.ts'
