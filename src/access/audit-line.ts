// One audit entry as a line of chat for `audit [n]`: when, what happened to what, and who
// did it, e.g. "2026-11-25 12:00 role.granted: deployers to alice by shell". The subject
// (the role and its holder, the request and its command) is what a reader of the trail
// needs first; the JSON log line keeps every field.
import type { Robot } from 'hubot'
import { quoteCommand } from '../chat/quote-command.ts'
import { quoteInput } from '../chat/quote.ts'
import { ownUser } from './user-keys.ts'

// Chat shows a summary; a 4,000-character command stays whole in the log.
const COMMAND_SHOWN = 200

/** "alice" for a user whose name is their id, "Alice (U123)" otherwise; the id when unknown. */
function who (robot: Robot, id: unknown): string {
  const key = String(id)
  const name = ownUser(robot, key)?.name
  return typeof name === 'string' && name !== '' && name !== key ? `${quoteInput(name)} (${key})` : quoteInput(key)
}

// Audit entries are JSON we wrote: a field is a string, a number, or absent.
const text = (v: unknown): string => typeof v === 'string' ? v : (JSON.stringify(v) ?? '')

function subject (robot: Robot, e: Record<string, unknown>): string | null {
  const event = String(e.event)
  if (event.startsWith('role.')) {
    const toward = event === 'role.revoked' || event === 'role.revoke_failed' ? 'from' : 'to'
    return `${String(e.role)} ${toward} ${who(robot, e.target_id)}`
  }
  const command = e.command != null ? quoteCommand(quoteInput(text(e.command), COMMAND_SHOWN)) : null
  if (e.request_id != null) return [text(e.request_id), command].filter(Boolean).join(' ')
  return command
}

export function auditLine (robot: Robot, e: Record<string, unknown>): string {
  const at = text(e.at ?? '').slice(0, 16).replace('T', ' ')
  const what = subject(robot, e)
  const reason = e.reason != null ? ` (${quoteInput(text(e.reason), COMMAND_SHOWN)})` : ''
  return `${at} ${String(e.event)}${what != null ? `: ${what}` : ''} by ${who(robot, e.actor_id)}${reason}`
}
