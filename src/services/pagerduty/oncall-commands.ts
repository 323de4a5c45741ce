// On-call commands: who's on call (one GET /oncalls, earliest=true; one more to resolve a
// schedule name), am I on call, my schedule, a schedule's shifts, lists of schedules and
// services, taking the pager (an override for me), and remembering my PagerDuty email.
import type { Robot, User as ChatUser } from 'hubot'
import { BotError } from '../../core/errors.ts'
import { PD_ID } from './args.ts'
import { plural } from '../../chat/plural.ts'
import { capLines, webOrigin, when } from './format.ts'
import { me, requesterEmail, type PagerDuty } from './for-robot.ts'
import { pickByName } from './names.ts'
import type { OnCall, Schedule } from './types.ts'

type Ref = { id?: string, summary?: string | null, html_url?: string | null } | null | undefined
const DAY = 86_400_000

export async function findSchedule (pd: PagerDuty, typed: string): Promise<Schedule & { id: string }> {
  const schedules = await pd.cached(`schedules:${typed.toLowerCase()}`, () => pd.client.listSchedules(typed))
  return pickByName(typed, schedules, s => ({ name: s.name ?? s.summary ?? '', kind: 'schedule' }), 'schedule') as Schedule & { id: string }
}

/** HUBOT_PAGERDUTY_SCHEDULES as ids: ids as they are, names looked up once (then cached). */
async function configuredScheduleIds (pd: PagerDuty): Promise<string[] | undefined> {
  if (pd.schedules.length === 0) return undefined
  const ids: string[] = []
  for (const s of pd.schedules) {
    if (PD_ID.test(s)) { ids.push(s); continue }
    try {
      ids.push((await findSchedule(pd, s)).id)
    } catch (err) {
      // The caller typed no name: the fix is the configuration, not the command.
      if (!(err instanceof BotError)) throw err
      const why = err.code === 'ambiguous' ? 'several schedules match it' : 'no schedule matches it'
      throw new BotError(err.code, `HUBOT_PAGERDUTY_SCHEDULES has "${s}", and ${why}: ask the bot's admins to set it to schedule ids or exact names.`)
    }
  }
  return ids
}

function oncallLine (o: OnCall, withUser: boolean): string {
  const schedule = o.schedule as Ref
  const policy = o.escalation_policy as Ref
  const place = schedule?.summary != null
    ? `${schedule.summary} (${policy?.summary ?? 'no escalation policy'}, level ${o.escalation_level ?? '?'})`
    : `${policy?.summary ?? 'an escalation policy'}, level ${o.escalation_level ?? '?'}`
  const who = withUser ? `: ${(o.user as Ref)?.summary ?? 'nobody'}` : ''
  const until = o.end != null ? ` until ${when(o.end)}` : ''
  return `${place}${who}${until} - ${schedule?.html_url ?? policy?.html_url ?? ''}`.trimEnd()
}

const byLevel = (a: OnCall, b: OnCall): number =>
  String((a.escalation_policy as Ref)?.summary).localeCompare(String((b.escalation_policy as Ref)?.summary)) || (a.escalation_level ?? 0) - (b.escalation_level ?? 0)

export async function whoIsOnCall (pd: PagerDuty, scheduleName?: string): Promise<string> {
  const schedule = scheduleName != null ? await findSchedule(pd, scheduleName) : undefined
  const scheduleIds = schedule != null ? [schedule.id] : await configuredScheduleIds(pd)
  let oncalls = await pd.client.listOnCalls({ scheduleIds, earliest: true })
  // /oncalls also returns users named directly in a policy; with a schedule asked, only its shifts.
  if (scheduleIds != null) oncalls = oncalls.filter(o => scheduleIds.includes(String((o.schedule as Ref)?.id)))
  if (oncalls.length === 0) return schedule != null ? `Nobody is on call for ${schedule.name} right now - ${schedule.html_url ?? ''}`.trimEnd() : 'Nobody is on call right now.'
  const lines = [...oncalls].sort(byLevel).map(o => oncallLine(o, true))
  const origin = webOrigin(oncalls.map(o => (o.schedule ?? o.escalation_policy ?? {}) as { html_url?: string | null }))
  return capLines(lines, origin != null ? `${origin}/oncalls` : null).join('\n')
}

export async function amIOnCall (pd: PagerDuty, user: ChatUser): Promise<string> {
  const mine = await me(pd, user)
  const oncalls = await pd.client.listOnCalls({ userIds: [mine.id], earliest: true })
  if (oncalls.length === 0) return `No, ${mine.name} is not on call right now ("pager my schedule" shows your next shifts).`
  const origin = webOrigin(oncalls.map(o => (o.schedule ?? o.escalation_policy ?? {}) as { html_url?: string | null }))
  return [`Yes, ${mine.name} is on call:`, ...capLines([...oncalls].sort(byLevel).map(o => oncallLine(o, false)), origin != null ? `${origin}/oncalls` : null)].join('\n')
}

export async function mySchedule (pd: PagerDuty, user: ChatUser, days: number): Promise<string> {
  const mine = await me(pd, user)
  const since = new Date(pd.now())
  const until = new Date(pd.now() + days * DAY)
  const shifts = await pd.client.listOnCalls({ userIds: [mine.id], since, until })
  if (shifts.length === 0) return `${mine.name} has no on-call shifts in the next ${plural(days, 'day')}.`
  const lines = [...shifts].sort((a, b) => Date.parse(a.start ?? '') - Date.parse(b.start ?? '')).map(o => `${when(o.start ?? since)} - ${oncallLine(o, false)}`)
  return [`${mine.name}'s on-call shifts in the next ${plural(days, 'day')}:`, ...capLines(lines, mine.html_url ?? null)].join('\n')
}

export async function scheduleShifts (pd: PagerDuty, typed: string, days: number): Promise<string> {
  const schedule = await findSchedule(pd, typed)
  const { entries } = await pd.client.scheduleEntries(schedule.id, new Date(pd.now()), new Date(pd.now() + days * DAY))
  const head = `${schedule.name} for the next ${plural(days, 'day')} - ${schedule.html_url ?? ''}`.trimEnd()
  if (entries.length === 0) return `${head}\nNobody is scheduled.`
  const lines = entries.map(e => `${when(e.start)} to ${when(e.end)}: ${(e.user as Ref)?.summary ?? 'nobody'}`)
  return [head, ...capLines(lines, schedule.html_url ?? null)].join('\n')
}

export async function listSchedules (pd: PagerDuty, search?: string): Promise<string> {
  const schedules = await pd.client.listSchedules(search)
  if (schedules.length === 0) return search != null ? `No schedule matches "${search}".` : 'There are no schedules.'
  const origin = webOrigin(schedules)
  return capLines(schedules.map(s => `${s.name} - ${s.html_url ?? ''}`.trimEnd()), origin != null ? `${origin}/schedules` : null).join('\n')
}

export async function listServices (pd: PagerDuty, search?: string): Promise<string> {
  const services = await pd.client.listServices(search)
  if (services.length === 0) return search != null ? `No service matches "${search}".` : 'There are no services.'
  const origin = webOrigin(services)
  const lines = services.map(s => `${s.name}${s.status != null && s.status !== 'active' ? ` (${s.status})` : ''} - ${s.html_url ?? ''}`.trimEnd())
  return capLines(lines, origin != null ? `${origin}/service-directory` : null).join('\n')
}

/** pager me <schedule> <minutes>: an override for the caller on exactly one schedule. */
export async function takePager (pd: PagerDuty, user: ChatUser, typed: string, minutes: number): Promise<string> {
  const from = requesterEmail(pd, user)
  const schedule = await findSchedule(pd, typed)
  const mine = await me(pd, user)
  const start = new Date(pd.now())
  const end = new Date(pd.now() + minutes * 60_000)
  await pd.client.createOverride(from, schedule.id, { start, end, userId: mine.id })
  return `OK, ${mine.name} is on call for ${schedule.name} until ${when(end)} (${plural(minutes, 'minute')}) - ${schedule.html_url ?? ''}`.trimEnd()
}

export async function rememberEmail (robot: Robot, pd: PagerDuty, user: ChatUser, email: string): Promise<string> {
  // Writes carry this email in From, so PagerDuty records them as that person's: a teammate's
  // email (their chat profile's, or one they told the bot) is not anyone else's to claim.
  const holder = Object.values(robot.brain.users()).find(u => u.id !== user.id &&
    [u.email_address, u.pagerdutyEmail].some(e => typeof e === 'string' && e.toLowerCase() === email))
  if (holder != null) throw new BotError('forbidden', `${email} is another chat user's email, and PagerDuty would record what you do as theirs. Say "pager me as" with your own PagerDuty login email.`)
  const found = await pd.userByEmail(email)
  if (found == null) throw new BotError('not_found', `No PagerDuty user has the email ${email}; use the email you log in to PagerDuty with.`)
  const stored = robot.brain.userForId(user.id)
  stored.pagerdutyEmail = email
  robot.brain.save()
  return `OK, you are ${found.name} (${email}) in PagerDuty - ${found.html_url ?? ''}`.trimEnd()
}

export function forgetEmail (robot: Robot, user: ChatUser): string {
  const stored = robot.brain.userForId(user.id)
  if (stored.pagerdutyEmail == null) return 'I had no PagerDuty email for you; nothing to forget.'
  delete stored.pagerdutyEmail
  robot.brain.save()
  return 'OK, I forgot your PagerDuty email.'
}
