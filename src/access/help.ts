// Help entries: the command lines of every script header (hubot's helpCommands), each
// annotated with the policy of the listener it documents. The policy is derived from
// listener metadata and approval rules, never typed into headers: a help line is tied
// to the listener whose regex matches a sample made from the line.
import type { Listener, Robot } from 'hubot'
import type { ApprovalRules } from '../core/config.ts'
import { plural } from '../chat/plural.ts'
import { describeApproval, requiredRoles } from './policy.ts'

export interface HelpEntry { readonly line: string, readonly listenerIds: readonly string[], readonly notes: readonly string[] }

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

// A copy of a listener's regex, without the global flag, tested from the start of each
// sample: test() on the listener's own regex could move its lastIndex (global or sticky)
// and so change what the listener matches next.
function sampleTester (regex: RegExp): (sample: string) => boolean {
  const copy = new RegExp(regex.source, regex.flags.replace('g', ''))
  return (sample) => {
    copy.lastIndex = 0
    return copy.test(sample)
  }
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

function buildEntries (robot: Robot, listeners: readonly Listener[], commands: readonly string[], rules: ApprovalRules): readonly HelpEntry[] {
  const patterns = listeners.flatMap(l => l.regex != null ? [{ listener: l, matches: sampleTester(l.regex) }] : [])
  return Object.freeze(commands.map(raw => {
    const line = raw.replace(/^hubot\b/i, robot.name)
    const sample = sampleFor(commandPart(raw), robot.name)
    const matching = patterns.filter(p => p.matches(sample)).map(p => p.listener)
    const notes = [...new Set(matching.flatMap(l => describePolicy(l, rules)))]
    const listenerIds = matching.map(l => l.options.id).filter((id): id is string => id != null)
    return Object.freeze({ line, listenerIds: Object.freeze(listenerIds), notes: Object.freeze(notes) })
  }))
}

/** An entry as `help` searches and shows it, worked out once. */
interface Answer { text: string, ids: string[], plain: string, withIds: string }

function answerFor (entry: HelpEntry): Answer {
  return { text: entry.line.toLowerCase(), ids: entry.listenerIds.map(id => id.toLowerCase()), plain: formatHelpEntry(entry), withIds: formatHelpEntry(entry, { ids: true }) }
}

const byText = (key: 'plain' | 'withIds') => (a: Answer, b: Answer): number => a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : 0

interface Wanted { word: string, singular: string | null }

/**
 * Whether an entry answers every typed word: in its text, in the singular ("roles" finds
 * "who has <role> role"), or in a listener id ("roles" finds every roles.* command).
 */
function mentionsAll ({ text, ids }: Answer, wanted: readonly Wanted[]): boolean {
  for (const { word, singular } of wanted) {
    if (text.includes(word) || (singular != null && text.includes(singular)) || ids.some(id => id.includes(word))) continue
    return false
  }
  return true
}

// Building the entries tests every listener's regex against every help line (thousands of
// matches), while `help` is asked often and the listeners, help lines, name and rules are
// fixed once the scripts are loaded. So the entries are kept per robot and rebuilt only
// when one of those inputs is no longer the same.
interface BuiltHelp {
  listeners: readonly Listener[]
  commands: readonly string[]
  name: string
  rules: ApprovalRules
  entries: readonly HelpEntry[]
  /** The answers in the order `help` shows them, without and with ids. */
  sorted: { plain: Answer[], withIds: Answer[] }
}
const built = new WeakMap<Robot, BuiltHelp>()

function sameItems<T> (a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

function currentHelp (robot: Robot, rules: ApprovalRules): BuiltHelp {
  const last = built.get(robot)
  // helpStrings as they are (helpCommands sorts them in place, so after a build they are
  // in the order kept): sorting them again on every call would cost more than the check.
  if (last != null && last.rules === rules && last.name === robot.name && sameItems(last.listeners, robot.listeners) && sameItems(last.commands, robot.helpStrings)) {
    return last
  }
  const commands = [...robot.helpCommands()]
  const listeners = [...robot.listeners]
  const entries = buildEntries(robot, listeners, commands, rules)
  const answers = entries.map(answerFor)
  const help = { listeners, commands, name: robot.name, rules, entries, sorted: { plain: [...answers].sort(byText('plain')), withIds: [...answers].sort(byText('withIds')) } }
  built.set(robot, help)
  return help
}

export function helpEntries (robot: Robot, rules: ApprovalRules): readonly HelpEntry[] {
  return currentHelp(robot, rules).entries
}

/** The help lines that mention every word (lower-case), sorted, as `help` shows them. */
export function helpLines (robot: Robot, rules: ApprovalRules, words: readonly string[], options: { ids?: boolean } = {}): string[] {
  const key = options.ids === true ? 'withIds' : 'plain'
  const wanted = words.map(word => ({ word, singular: word.length > 3 && word.endsWith('s') ? word.slice(0, -1) : null }))
  return currentHelp(robot, rules).sorted[key].filter(a => mentionsAll(a, wanted)).map(a => a[key])
}

export function formatHelpEntry (entry: HelpEntry, options: { ids?: boolean } = {}): string {
  let text = entry.notes.length > 0 ? `${entry.line} [${entry.notes.join('; ')}]` : entry.line
  if (options.ids === true && entry.listenerIds.length > 0) {
    text += ` (id${entry.listenerIds.length > 1 ? 's' : ''}: ${[...new Set(entry.listenerIds)].join(', ')})`
  }
  return text
}
