// PagerDuty v3 incident events in words: each sentence has the incident's number, title,
// service, assignees and link, and who acted when PagerDuty says (event.agent). Payload
// shape: https://developer.pagerduty.com/docs/webhooks/v3-overview/ (event.data is the
// incident for these event types).
import { quoteInput } from '../../chat/quote.ts'

export const PAGERDUTY_EVENTS = ['incident.triggered', 'incident.acknowledged', 'incident.resolved', 'incident.escalated', 'incident.reassigned'] as const
export type PagerDutyEventType = typeof PAGERDUTY_EVENTS[number]

interface Reference { summary?: string, type?: string, html_url?: string }
export interface PagerDutyIncident {
  number?: number
  title?: string
  html_url?: string
  service?: Reference | null
  assignees?: Reference[] | null
  urgency?: string
}
export interface PagerDutyEvent {
  id?: string
  event_type: PagerDutyEventType
  agent?: Reference | null
  data: PagerDutyIncident
}

const name = (r: Reference | null | undefined): string => quoteInput(r?.summary ?? 'someone', 60)

export function pagerDutyText (e: PagerDutyEvent): string {
  const i = e.data
  const assignees = (i.assignees ?? []).map(name)
  const assigned = assignees.length > 0 ? assignees.join(', ') : 'nobody'
  // The agent is a user when a person acted; a service or integration when PagerDuty did.
  const by = e.agent?.type === 'user_reference' ? ` by ${name(e.agent)}` : ''
  const head = `PagerDuty incident #${i.number ?? '?'}`
  const what = `"${quoteInput(i.title ?? '', 120)}" on ${name(i.service)}`
  const link = i.html_url ?? ''
  switch (e.event_type) {
    case 'incident.triggered': return `${head} triggered${i.urgency === 'high' ? ' (high urgency)' : ''}: ${what}, assigned to ${assigned}: ${link}`
    case 'incident.acknowledged': return `${head} acknowledged${by}: ${what}, assigned to ${assigned}: ${link}`
    case 'incident.resolved': return `${head} resolved${by}: ${what}, assigned to ${assigned}: ${link}`
    case 'incident.escalated': return `${head} escalated to ${assigned}: ${what}: ${link}`
    case 'incident.reassigned': return `${head} reassigned to ${assigned}${by}: ${what}: ${link}`
  }
}
