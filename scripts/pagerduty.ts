// Description:
//   PagerDuty from chat: incidents, on-call, schedules, overrides and maintenance, in the
//   fewest requests. Writes are made as you (your PagerDuty email in the From header).
//
// Configuration:
//   HUBOT_PAGERDUTY_API_KEY - REST API key (PagerDuty > Integrations > API Access Keys)
//   HUBOT_PAGERDUTY_API_URL - default https://api.pagerduty.com (EU: https://api.eu.pagerduty.com)
//   HUBOT_PAGERDUTY_FROM_EMAIL - requester for writes when the caller's email is unknown
//   HUBOT_PAGERDUTY_SERVICE_ID - the service `pager trigger` opens incidents on
//   HUBOT_PAGERDUTY_SCHEDULES - comma-separated schedule ids or names for who's on call
//   HUBOT_PAGERDUTY_TIMEOUT - request timeout, default 10s
//
// Commands:
//   hubot pager incidents - open incidents, triggered then acknowledged (also: pager sup, pager me incidents)
//   hubot pager incident <number> - one incident
//   hubot pager ack <n1> [<n2> ...] - acknowledge incidents by number
//   hubot pager ack - acknowledge my triggered incidents
//   hubot pager ack! - acknowledge every triggered incident
//   hubot pager resolve <n1> [<n2> ...] - resolve incidents by number
//   hubot pager resolve - resolve my acknowledged incidents
//   hubot pager resolve! - resolve every open incident
//   hubot pager notes <number> - an incident's notes
//   hubot pager note <number> <text> - add a note to an incident
//   hubot pager trigger <target> <message> - open an incident for a user, or a schedule's or escalation policy's on-call (quote names with spaces)
//   hubot pager maintenance <minutes> <service> [<service> ...] - a maintenance window from now (service ids or names)
//   hubot pager me <schedule> <minutes> - take the pager: an override for you on that schedule, from now
//   hubot pager me as <email> - remember your PagerDuty email
//   hubot pager forget me - forget your PagerDuty email
//   hubot pager my schedule [<days>] - your on-call shifts (default 30 days)
//   hubot pager schedule <schedule> [<days>] - the shifts in a schedule (default 30 days)
//   hubot pager schedules [<search>] - schedules, optionally matching a search
//   hubot pager services [<search>] - services, optionally matching a search
//   hubot who's on call [for <schedule>] - who is on call now (also: whos on call, who is on call)
//   hubot am I on call - whether you are on call now
//

import type { Response, Robot, TextMessage, User } from 'hubot'
import {
  addNote, amIOnCall, changeStatus, checkServices, daysArg, emailArg, findSchedule, findTarget, forgetEmail, incidentNumbers, listNotes,
  listOpen, listSchedules, listServices, maintenance, minutesArg, mySchedule, ownEmail, pagerDutyFor, rememberEmail, requesterEmail,
  scheduleShifts, showIncident, splitTrailingNumber, splitWords, takePager, trigger, triggerService, usage, whoIsOnCall,
  type PagerDuty, type Selection
} from '../src/services/pagerduty/index.ts'

type Res = Response<TextMessage>
const ONCALL = { group: 'oncall' }
// `pager me <rest> <number>` is taking the pager unless the rest is a command word.
const NOT_A_COMMAND = '(?!as\\s)(?!(?:incidents|schedules?|services|notes?|ack!?|resolve!?|trigger|maintenance)\\s+-?\\d+$)'

// The regexes take the arguments as optional so a missing one gets its usage line, not silence.
function oneIncident (typed: string | undefined, command: 'incident' | 'notes' | 'note'): number {
  const numbers = incidentNumbers(typed ?? '', command)
  if (numbers.length > 1) throw usage(command, 'give one incident number')
  return numbers[0]
}

function triggerArgs (res: Res): { target: string, message: string } {
  const text = (res.match[1] ?? '').trim()
  const quoted = /^(?:"([^"]+)"|“([^”]+)”)\s+([\s\S]+)$/.exec(text)
  const plain = /^(\S+)\s+([\s\S]+)$/.exec(text)
  const target = quoted != null ? quoted[1] ?? quoted[2] : plain?.[1]
  const message = quoted != null ? quoted[3] : plain?.[2]
  if (target == null || message == null || message.trim() === '') throw usage('trigger', 'give a target and a message')
  return { target, message: message.trim() }
}

function maintenanceArgs (res: Res): { minutes: number, services: string[] } {
  if (res.match[1] == null) throw usage('maintenance', 'give the minutes and at least one service')
  const minutes = minutesArg(res.match[1], 'maintenance')
  const services = splitWords(res.match[2] ?? '')
  if (services.length === 0) throw usage('maintenance', 'name at least one service')
  return { minutes, services }
}

function takeArgs (res: Res): { schedule: string, minutes: number } {
  return { minutes: minutesArg(res.match[2], 'take'), schedule: splitWords(res.match[1]).join(' ') }
}

// Prechecks of the held commands: the handler's own parsing and (cached) name lookups.
const checkTrigger = async (res: Res, pd: PagerDuty): Promise<void> => {
  const { target } = triggerArgs(res)
  triggerService(pd)
  await findTarget(pd, target)
}
const checkMaintenance = async (res: Res, pd: PagerDuty): Promise<void> => { await checkServices(pd, maintenanceArgs(res).services) }
const checkTake = async (res: Res, pd: PagerDuty, caller: User): Promise<void> => {
  const { schedule } = takeArgs(res)
  ownEmail(caller)
  await findSchedule(pd, schedule)
}

export default (robot: Robot): void => {
  // Every handler: the PagerDuty context first (so an unconfigured bot says so), then one
  // reply. The caller is the brain's user for the message's user id: a command resumed
  // after approval carries a bare user, and the email fields live on the brain's.
  // A held command is checked first (configured, arguments valid, an email to act as, each
  // name one thing) so nobody is asked to approve a command that cannot run; `check` is the
  // parsing and the (cached) name lookups the handler does. Every held command is a write,
  // so it needs a requester.
  const callerOf = (res: Res): User => robot.brain.data.users[res.message.user.id] ?? res.message.user
  const on = (regex: RegExp, options: { id: string, approval?: typeof ONCALL, check?: (res: Res, pd: PagerDuty, caller: User) => unknown },
    run: (pd: PagerDuty, res: Res, caller: User) => Promise<string> | string): void => {
    const { check, ...metadata } = options
    const precheck = options.approval != null
      ? async (res: Res): Promise<void> => { const pd = pagerDutyFor(robot); requesterEmail(pd, callerOf(res)); await check?.(res, pd, callerOf(res)) }
      : undefined
    robot.respond(regex, { ...metadata, precheck }, async (res) => {
      const pd = pagerDutyFor(robot)
      await res.send(await run(pd, res, callerOf(res)))
    })
  }
  const status = (to: 'acknowledged' | 'resolved', which: (res: Res) => Selection) =>
    async (pd: PagerDuty, res: Res, caller: User): Promise<string> => await changeStatus(pd, caller, to, which(res))

  on(/pager (?:incidents|sup|me incidents)$/i, { id: 'pagerduty.incidents' }, async (pd) => await listOpen(pd))

  on(/pager incident(?:\s+(.+))?$/i, { id: 'pagerduty.incident' }, async (pd, res) => await showIncident(pd, oneIncident(res.match[1], 'incident')))

  on(/pager ack(?:\s+(.+))?$/i, { id: 'pagerduty.ack' },
    status('acknowledged', res => res.match[1] != null ? { numbers: incidentNumbers(res.match[1], 'ack') } : 'mine'))
  on(/pager ack!$/i, { id: 'pagerduty.ack-all', approval: ONCALL }, status('acknowledged', () => 'all'))
  on(/pager resolve(?:\s+(.+))?$/i, { id: 'pagerduty.resolve' },
    status('resolved', res => res.match[1] != null ? { numbers: incidentNumbers(res.match[1], 'resolve') } : 'mine'))
  on(/pager resolve!$/i, { id: 'pagerduty.resolve-all', approval: ONCALL }, status('resolved', () => 'all'))

  on(/pager notes(?:\s+(.+))?$/i, { id: 'pagerduty.notes' }, async (pd, res) => await listNotes(pd, oneIncident(res.match[1], 'notes')))

  on(/pager note(?:\s+(\S+)(?:\s+([\s\S]+))?)?$/i, { id: 'pagerduty.note' }, async (pd, res, caller) => {
    const n = oneIncident(res.match[1], 'note')
    if (res.match[2] == null || res.match[2].trim() === '') throw usage('note', 'give the text of the note')
    return await addNote(pd, caller, n, res.match[2].trim())
  })

  on(/pager trigger(?:\s+([\s\S]+))?$/i, { id: 'pagerduty.trigger', approval: ONCALL, check: checkTrigger }, async (pd, res, caller) => {
    const { target, message } = triggerArgs(res)
    return await trigger(pd, caller, target, message)
  })

  on(/pager maintenance(?:\s+(\S+)(?:\s+([\s\S]+))?)?$/i, { id: 'pagerduty.maintenance', approval: ONCALL, check: checkMaintenance }, async (pd, res, caller) => {
    const { minutes, services } = maintenanceArgs(res)
    return await maintenance(pd, caller, minutes, services)
  })

  on(/pager me as(?:\s+(.+))?$/i, { id: 'pagerduty.me-as' }, async (pd, res, caller) => {
    if (res.match[1] == null) throw usage('me', 'give your PagerDuty login email')
    return await rememberEmail(robot, pd, caller, emailArg(res.match[1]))
  })

  on(/pager forget me$/i, { id: 'pagerduty.forget-me' }, (_pd, _res, caller) => forgetEmail(robot, caller))

  on(new RegExp(`pager me ${NOT_A_COMMAND}(.+?)\\s+(-?\\d+)$`, 'i'), { id: 'pagerduty.take', approval: ONCALL, check: checkTake }, async (pd, res, caller) => {
    const { schedule, minutes } = takeArgs(res)
    return await takePager(pd, caller, schedule, minutes)
  })

  on(/pager my schedule(?:\s+(.+))?$/i, { id: 'pagerduty.my-schedule' }, async (pd, res, caller) =>
    await mySchedule(pd, caller, daysArg(res.match[1], 'mySchedule')))

  on(/pager schedule(?:\s+(.+))?$/i, { id: 'pagerduty.schedule' }, async (pd, res) => {
    if (res.match[1] == null) throw usage('schedule', 'name a schedule')
    const { rest, number } = splitTrailingNumber(res.match[1])
    const days = daysArg(number, 'schedule')
    return await scheduleShifts(pd, splitWords(rest).join(' '), days)
  })

  on(/pager schedules(?:\s+(.+))?$/i, { id: 'pagerduty.schedules' }, async (pd, res) => await listSchedules(pd, res.match[1]?.trim()))
  on(/pager services(?:\s+(.+))?$/i, { id: 'pagerduty.services' }, async (pd, res) => await listServices(pd, res.match[1]?.trim()))

  on(/(?:who['’]s|whos|who is) on[ -]?call(?:\s+for\s+(.+?))?\??$/i, { id: 'pagerduty.oncall' }, async (pd, res) =>
    await whoIsOnCall(pd, res.match[1] != null ? splitWords(res.match[1]).join(' ') : undefined))

  on(/am i on[ -]?call\??$/i, { id: 'pagerduty.am-i-on-call' }, async (pd, _res, caller) => await amIOnCall(pd, caller))
}
