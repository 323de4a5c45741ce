// The incident commands: list, show, ack/resolve (by number, mine, all), notes, trigger,
// maintenance. Each returns the one chat message; failures throw BotError/ServiceError.
// Request counts are part of the contract: ack/resolve of any set of numbers is
// one paginated find plus one bulk PUT; trigger is one POST (no sleeping, no polling).
import type { User as ChatUser } from 'hubot'
import { BotError, ServiceError } from '../../core/errors.ts'
import { PD_ID } from './args.ts'
import { plural } from '../../chat/plural.ts'
import { capLines, incidentLine, webOrigin, when } from './format.ts'
import { asRequester, me, requesterEmail, type PagerDuty } from './for-robot.ts'
import type { Assignee } from './client.ts'
import { pickByName } from './names.ts'
import type { Incident, IncidentStatus } from './types.ts'

const ORDER: Record<string, number> = { triggered: 0, acknowledged: 1, resolved: 2 }
const sorted = (list: Incident[]): Incident[] =>
  [...list].sort((a, b) => ORDER[a.status ?? 'resolved'] - ORDER[b.status ?? 'resolved'] || (a.incident_number ?? 0) - (b.incident_number ?? 0))

function listText (title: string, incidents: Incident[]): string {
  const origin = webOrigin(incidents)
  return [title, ...capLines(sorted(incidents).map(incidentLine), origin != null ? `${origin}/incidents` : null)].join('\n')
}

export async function listOpen (pd: PagerDuty): Promise<string> {
  const open = await pd.client.listIncidents({ statuses: ['triggered', 'acknowledged'] })
  if (open.length === 0) return 'No open incidents.'
  const triggered = open.filter(i => i.status === 'triggered').length
  return listText(`${plural(open.length, 'open incident')} (${triggered} triggered, ${open.length - triggered} acknowledged):`, open)
}

export async function showIncident (pd: PagerDuty, n: number): Promise<string> {
  return incidentLine(await getByNumber(pd, n))
}

async function getByNumber (pd: PagerDuty, n: number): Promise<Incident> {
  try {
    return await pd.client.getIncident(n)
  } catch (err) {
    if (err instanceof ServiceError && err.code === 'not_found') throw new BotError('not_found', `There is no incident #${n}; "pager incidents" lists the open ones.`)
    throw err
  }
}

export type Selection = { numbers: number[] } | 'mine' | 'all'
const VERB = { acknowledged: ['acknowledge', 'Acknowledged'], resolved: ['resolve', 'Resolved'] } as const

/** The open incident of that number, or none: one GET, whatever the number of open incidents. */
async function openByNumber (pd: PagerDuty, n: number): Promise<Incident[]> {
  try {
    const incident = await pd.client.getIncident(n)
    return incident.status === 'triggered' || incident.status === 'acknowledged' ? [incident] : []
  } catch (err) {
    if (err instanceof ServiceError && err.code === 'not_found') return []
    throw err
  }
}

/**
 * ack/resolve: one find + one bulk PUT (chunks of 250). The find is a GET of the incident
 * for one number, else the open incidents (paginated: one page below 100 of them).
 */
export async function changeStatus (pd: PagerDuty, user: ChatUser, to: 'acknowledged' | 'resolved', which: Selection): Promise<string> {
  const from = requesterEmail(pd, user)
  // Which statuses can move: ack moves triggered ones; resolve moves triggered and acked,
  // but "resolve" with no numbers means my acknowledged ones (hubot-pager-me's meaning).
  const statuses: IncidentStatus[] = to === 'acknowledged' ? ['triggered'] : which === 'mine' ? ['acknowledged'] : ['triggered', 'acknowledged']
  const userIds = which === 'mine' ? [(await me(pd, user)).id] : undefined
  const found = typeof which === 'object' && which.numbers.length === 1
    ? await openByNumber(pd, which.numbers[0])
    : await pd.client.listIncidents({ statuses: which === 'mine' || which === 'all' ? statuses : ['triggered', 'acknowledged'], userIds })
  let targets = found
  const notes: string[] = []
  if (typeof which === 'object') {
    const missing = which.numbers.filter(n => !found.some(i => i.incident_number === n))
    targets = found.filter(i => which.numbers.includes(i.incident_number ?? 0))
    if (missing.length > 0) notes.push(`no incident ${missing.map(n => `#${n}`).join(', ')} among the open ones`)
    const already = targets.filter(i => !statuses.includes(i.status ?? 'resolved'))
    if (already.length > 0) notes.push(`already ${to}: ${already.map(i => `#${i.incident_number}`).join(', ')}`)
    targets = targets.filter(i => statuses.includes(i.status ?? 'resolved'))
  }
  if (targets.length === 0) {
    const none = which === 'mine' ? `You have no ${statuses.join(' or ')} incidents.` : which === 'all' ? `There are no ${statuses.join(' or ')} incidents.` : `Nothing to ${VERB[to][0]}`
    return notes.length > 0 && typeof which === 'object' ? `Nothing to ${VERB[to][0]}: ${notes.join('; ')}.` : none
  }
  const updated = await asRequester(user, from, pd.client.updateIncidents(from, targets.map(i => ({ id: i.id!, status: to }))))
  const text = listText(`${VERB[to][1]} ${plural(updated.length, 'incident')}:`, updated)
  return notes.length > 0 ? `${text}\n(${notes.join('; ')})` : text
}

export async function listNotes (pd: PagerDuty, n: number): Promise<string> {
  const incident = await getByNumber(pd, n)
  const notes = await pd.client.listNotes(incident.id!)
  const head = `Notes on #${n} ${incident.title} - ${incident.html_url ?? ''}`.trimEnd()
  if (notes.length === 0) return `${head}\nNo notes yet; add one with "pager note ${n} <text>".`
  const lines = notes.map(note => `${when(note.created_at ?? 0)} ${(note.user as { summary?: string } | undefined)?.summary ?? 'someone'}: ${note.content}`)
  return [head, ...capLines(lines, incident.html_url ?? null)].join('\n')
}

export async function addNote (pd: PagerDuty, user: ChatUser, n: number, text: string): Promise<string> {
  const from = requesterEmail(pd, user)
  const incident = await getByNumber(pd, n)
  await asRequester(user, from, pd.client.createNote(from, incident.id!, text))
  return `Added a note to #${n} ${incident.title} - ${incident.html_url ?? ''}`.trimEnd()
}

/** trigger: the target is a user (name or email), a schedule (its current on-call) or an escalation policy. */
export function triggerService (pd: PagerDuty): string {
  if (pd.serviceId == null) throw new BotError('not_configured', 'pager trigger needs a service: set HUBOT_PAGERDUTY_SERVICE_ID to the id of the PagerDuty service incidents are opened on.')
  return pd.serviceId
}

export async function trigger (pd: PagerDuty, user: ChatUser, target: string, title: string): Promise<string> {
  const serviceId = triggerService(pd)
  const from = requesterEmail(pd, user)
  const assignee = await resolveAssignee(pd, target)
  const incident = await asRequester(user, from, pd.client.createIncident(from, { title, serviceId, assignee: assignee.assignee }))
  return `Triggered ${incidentLine(incident)}${assignee.via != null ? ` (via ${assignee.via})` : ''}`
}

type Target = { kind: 'user' | 'schedule' | 'escalation policy', id: string, name: string }

/** The one user (name or email), schedule or escalation policy a trigger names; lookups cached. */
export async function findTarget (pd: PagerDuty, target: string): Promise<Target> {
  if (target.includes('@')) {
    const found = await pd.userByEmail(target)
    if (found?.id == null) throw new BotError('not_found', `No PagerDuty user has the email ${target}.`)
    return { kind: 'user', id: found.id, name: found.name }
  }
  const q = target.toLowerCase()
  const [users, schedules, policies] = await Promise.all([
    pd.cached(`users:${q}`, () => pd.client.listUsers(target)),
    pd.cached(`schedules:${q}`, () => pd.client.listSchedules(target)),
    pd.cached(`policies:${q}`, () => pd.client.listEscalationPolicies(target))
  ])
  const all: Target[] = [
    ...users.map(u => ({ kind: 'user' as const, id: u.id!, name: u.name })),
    ...schedules.map(s => ({ kind: 'schedule' as const, id: s.id!, name: s.name ?? s.summary ?? '' })),
    ...policies.map(e => ({ kind: 'escalation policy' as const, id: e.id!, name: e.name }))
  ]
  return pickByName(target, all, c => ({ name: c.name, kind: c.kind }), 'user, schedule or escalation policy')
}

async function resolveAssignee (pd: PagerDuty, target: string): Promise<{ assignee: Assignee, via?: string }> {
  const pick = await findTarget(pd, target)
  if (pick.kind === 'user') return { assignee: { userId: pick.id } }
  if (pick.kind === 'escalation policy') return { assignee: { escalationPolicyId: pick.id }, via: pick.name }
  const oncall = (await pd.client.listOnCalls({ scheduleIds: [pick.id], earliest: true }))
    .find(o => o.schedule != null && (o.schedule as { id?: string }).id === pick.id)
  const userId = (oncall?.user as { id?: string } | undefined)?.id
  if (userId == null) throw new BotError('not_found', `Nobody is on call for ${pick.name} right now; trigger to a person or an escalation policy instead.`)
  return { assignee: { userId }, via: pick.name }
}

/** Service ids for what was typed: ids as they are, each name exactly one service (cached). */
export async function findServices (pd: PagerDuty, typed: string[]): Promise<string[]> {
  const ids: string[] = []
  for (const name of typed) {
    if (PD_ID.test(name)) { ids.push(name); continue }
    const services = await pd.cached(`services:${name.toLowerCase()}`, () => pd.client.listServices(name))
    ids.push(pickByName(name, services, s => ({ name: s.name ?? '', kind: 'service' }), 'service').id!)
  }
  return [...new Set(ids)]
}

export async function maintenance (pd: PagerDuty, user: ChatUser, minutes: number, typed: string[]): Promise<string> {
  const from = requesterEmail(pd, user)
  const ids = await findServices(pd, typed)
  const start = new Date(pd.now())
  const end = new Date(pd.now() + minutes * 60_000)
  const who = (user.name as string | undefined) ?? user.id
  const window = await asRequester(user, from, pd.client.createMaintenanceWindow(from, { start, end, serviceIds: ids, description: `Maintenance from chat by ${who}` }))
  const names = (window.services ?? []).map(s => (s as { summary?: string }).summary).filter(Boolean).join(', ')
  return `Maintenance window on ${names} until ${when(end)} (${plural(minutes, 'minute')}) - ${window.html_url ?? ''}`.trimEnd()
}
