// Help entries: the command lines of every script header (hubot's helpCommands), each
// annotated with the policy of the listener it documents. The policy is derived from
// listener metadata and approval rules, never typed into headers: a help line is tied
// to the listener whose regex matches a sample made from the line.
import type { Listener, Robot } from 'hubot'
import type { ApprovalRules } from '../core/config.ts'
import { plural } from '../chat/plural.ts'
import { describeApproval, requiredRoles } from './policy.ts'

export interface HelpEntry { line: string, listenerIds: string[], notes: string[] }

// Sample values for <placeholders>, by name: numbers where the command wants a number.
const NUMERIC = /^(n\d*|number|minutes|mins|days|hours|count|id|num|limit|\d+)$/i

/** "hubot pager ack <n1> [<n2> ...]" -> "hubot pager ack 1" as the bot name would be typed. */
export function sampleFor (commandText: string, botName: string): string {
  return commandText
    .replace(/^hubot\b/i, botName)
    .replace(/\s*\[[^\]]*\]/g, '') // optional parts out
    .replace(/<([^>]+)>/g, (_m, name: string) => NUMERIC.test(name.trim()) ? '1' : 'sample')
    .replace(/\s+\.\.\.$/, '')
    .trim()
}

function commandPart (line: string): string {
  const i = line.indexOf(' - ')
  return i === -1 ? line : line.slice(0, i)
}

function matchingListeners (robot: Robot, line: string): Listener[] {
  const sample = sampleFor(commandPart(line), robot.name)
  return robot.listeners.filter(l => l.regex != null && new RegExp(l.regex.source, l.regex.flags.replace('g', '')).test(sample))
}

export function describePolicy (listener: Listener, rules: ApprovalRules): string[] {
  const notes: string[] = []
  const roles = requiredRoles(listener)
  // `admin` is no role anyone is given: it means the ids in HUBOT_AUTH_ADMIN.
  if (roles.length === 1 && roles[0] === 'admin') notes.push('admins only')
  else if (roles.length > 0) notes.push(`role: ${roles.join(' or ')}`)
  const approval = describeApproval(listener, rules)
  if (approval.kind === 'fixed') {
    notes.push(`needs ${plural(approval.policy.quorum, 'approval')} from '${approval.policy.group}'`)
  } else if (approval.kind === 'conditional') {
    notes.push('may need approval')
  }
  return notes
}

export function helpEntries (robot: Robot, rules: ApprovalRules): HelpEntry[] {
  return robot.helpCommands().map(raw => {
    const line = raw.replace(/^hubot\b/i, robot.name)
    const listeners = matchingListeners(robot, raw)
    const notes = [...new Set(listeners.flatMap(l => describePolicy(l, rules)))]
    return { line, listenerIds: listeners.map(l => l.options.id).filter((id): id is string => id != null), notes }
  })
}

/**
 * Whether an entry answers every typed word: in its text, in the singular ("roles" finds
 * "who has <role> role"), or in a listener id ("roles" finds every roles.* command).
 */
export function mentionsAll (entry: HelpEntry, words: string[]): boolean {
  const text = entry.line.toLowerCase()
  return words.every(w => text.includes(w) ||
    (w.length > 3 && w.endsWith('s') && text.includes(w.slice(0, -1))) ||
    entry.listenerIds.some(id => id.toLowerCase().includes(w)))
}

export function formatHelpEntry (entry: HelpEntry, options: { ids?: boolean } = {}): string {
  let text = entry.notes.length > 0 ? `${entry.line} [${entry.notes.join('; ')}]` : entry.line
  if (options.ids === true && entry.listenerIds.length > 0) {
    text += ` (id${entry.listenerIds.length > 1 ? 's' : ''}: ${[...new Set(entry.listenerIds)].join(', ')})`
  }
  return text
}
