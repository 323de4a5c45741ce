// Chat text for approval requests. The request message carries the literal approve
// command with the bot's configured name, so nobody has to guess the syntax; on Slack
// it also carries Approve / Deny buttons (block kit), elsewhere adapters print `text`.
import type { Robot } from 'hubot'
import { withoutBotName } from '../chat/addressed.ts'
import type { RichMessage } from '../chat/message.ts'
import { plural } from '../chat/plural.ts'
import { formatDuration } from '../core/duration.ts'
import type { ApprovalRequest } from './request.ts'
import { quoteCommand } from '../chat/quote-command.ts'
import { shortfallNote } from './approvers.ts'

export const APPROVE_ACTION = 'approval.approve'
export const DENY_ACTION = 'approval.deny'

/**
 * "14:05 UTC"; with the date ("2026-11-27 14:05 UTC") when the moment is 12 hours or more
 * from `from`, where the time of day alone would be read as the wrong day (a 1d ttl,
 * a break-glass run from last week).
 */
export function hhmm (ms: number, from = ms): string {
  const iso = new Date(ms).toISOString()
  return Math.abs(ms - from) >= 12 * 3_600_000 ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : `${iso.slice(11, 16)} UTC`
}

export function nameOf (robot: Robot, userId: string): string {
  const name = robot.brain.data.users[userId]?.name
  return typeof name === 'string' && name !== '' ? name : userId
}

export function approverNames (robot: Robot, req: ApprovalRequest): string {
  return req.approvals.map(id => nameOf(robot, id)).join(', ')
}

/** The typed command without the bot's name or alias in front ("hubot deploy x", "!deploy x" -> "deploy x"). */
export function displayCommand (robot: Robot, text: string): string {
  return withoutBotName(text, robot.name, robot.alias)
}

function needed (req: ApprovalRequest): string {
  return `${plural(req.policy.quorum, 'approval')} needed from '${req.policy.group}'`
}

export function requestText (robot: Robot, req: ApprovalRequest): string {
  return `${req.requester.name} wants to run ${quoteCommand(req.command)}. ${needed(req)}${shortfallNote(robot, req) ?? ''}. ` +
    `Say "${robot.name} approve ${req.id}" (expires ${hhmm(req.expires_at, req.created_at)}).`
}

export function requestMessage (robot: Robot, req: ApprovalRequest): RichMessage {
  const text = requestText(robot, req)
  const button = (label: string, actionId: string, style: string): unknown =>
    ({ type: 'button', text: { type: 'plain_text', text: label }, style, action_id: actionId, value: req.id })
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      { type: 'actions', block_id: `approval:${req.id}`, elements: [button('Approve', APPROVE_ACTION, 'primary'), button('Deny', DENY_ACTION, 'danger')] }
    ]
  }
}

export function summaryLine (robot: Robot, req: ApprovalRequest, now: number): string {
  const age = formatDuration(Math.max(1000, now - req.created_at))
  const votes = `${req.approvals.length}/${req.policy.quorum} from '${req.policy.group}'`
  return `${req.id} ${req.requester.name}: ${quoteCommand(req.command)} (${votes}; asked ${age} ago; expires ${hhmm(req.expires_at, now)})`
}

export function detailText (robot: Robot, req: ApprovalRequest): string {
  const lines = [
    `Request ${req.id}: ${req.state}`,
    `  command: ${quoteCommand(req.command)} (${req.listener_id}) in ${req.room}`,
    `  requested by ${req.requester.name} at ${hhmm(req.created_at)}, expires ${hhmm(req.expires_at, req.created_at)}`,
    `  ${needed(req)}; approved by: ${req.approvals.length > 0 ? approverNames(robot, req) : 'nobody yet'}`
  ]
  if (req.decided_by != null) lines.push(`  ${req.state} by ${req.decided_by.name}${req.reason != null ? `: ${req.reason}` : ''}`)
  if (req.break_glass != null) lines.push(`  BREAK GLASS: ${req.break_glass.reason}${req.reviewed_by != null ? ` (reviewed by ${req.reviewed_by})` : ' (not reviewed yet)'}`)
  return lines.join('\n')
}
