// Listener metadata that declares who may run a command: `roles` (any one of them) and
// `approval` (a policy, or a function of the matched response). Configuration rules
// (HUBOT_APPROVAL_RULES) override a listener's approval by id or glob.
import type { Listener, ListenerOptions, Response, TextMessage } from 'hubot'
import type { ApprovalPolicy, ApprovalRules } from '../core/config.ts'
import { parseDuration } from '../core/duration.ts'
import { escapeRegExp } from '../core/regexp.ts'

export interface ApprovalPolicyInput { group: string, quorum?: number, ttl?: string }
export type ApprovalSpec = ApprovalPolicyInput | ((res: Response<TextMessage>) => ApprovalPolicyInput | null)

export interface ChatListenerOptions extends ListenerOptions {
  id: string
  roles?: string[]
  approval?: ApprovalSpec
  /**
   * Runs before a command is held for approval: throw a BotError for bad input or a
   * missing configuration, so teammates are never asked to approve a command that
   * cannot run. The handler still checks again when it runs.
   */
  precheck?: (res: Response<TextMessage>) => void | Promise<void>
}

const DEFAULT_TTL_MS = 15 * 60_000

export function normalizePolicy (input: ApprovalPolicyInput): ApprovalPolicy {
  const ttlMs = input.ttl != null ? parseDuration(input.ttl) : DEFAULT_TTL_MS
  // A plain Error: a script's own metadata is wrong (a bug in the script, no chat user can
  // cause it); configured rules are validated by readConfig before the bot starts.
  if (ttlMs == null) throw new Error(`bad approval ttl "${input.ttl}"`)
  return { group: input.group.toLowerCase(), quorum: input.quorum ?? 1, ttlMs }
}

// Compiled once per glob: rules are looked up for every matched command. The globs come
// from configuration, so the map stays as small as the rules.
const compiledGlobs = new Map<string, RegExp>()

function globToRegExp (glob: string): RegExp {
  let re = compiledGlobs.get(glob)
  if (re == null) {
    re = new RegExp('^' + glob.split('*').map(escapeRegExp).join('.*') + '$')
    compiledGlobs.set(glob, re)
  }
  return re
}

/** The configured rule for a listener id: exact id first, then the longest matching glob. */
export function ruleFor (id: string, rules: ApprovalRules): ApprovalPolicy | null | undefined {
  if (Object.hasOwn(rules, id)) return rules[id]
  const globs = Object.keys(rules).filter(k => k.includes('*') && globToRegExp(k).test(id))
  if (globs.length === 0) return undefined
  globs.sort((a, b) => b.length - a.length)
  return rules[globs[0]]
}

/** The policy that applies to this match; null when the command runs without approval. */
export function approvalFor (listener: Listener, res: Response<TextMessage>, rules: ApprovalRules): ApprovalPolicy | null {
  const id = listener.options.id
  const rule = id != null ? ruleFor(id, rules) : undefined
  if (rule !== undefined) return rule
  const spec = (listener.options as Partial<ChatListenerOptions>).approval
  if (spec == null) return null
  const input = typeof spec === 'function' ? spec(res) : spec
  return input == null ? null : normalizePolicy(input)
}

export type ApprovalSummary = { kind: 'none' } | { kind: 'fixed', policy: ApprovalPolicy } | { kind: 'conditional' }

/** What help says about a listener's approval, without a message to evaluate. */
export function describeApproval (listener: Listener, rules: ApprovalRules): ApprovalSummary {
  const id = listener.options.id
  const rule = id != null ? ruleFor(id, rules) : undefined
  if (rule === null) return { kind: 'none' }
  if (rule !== undefined) return { kind: 'fixed', policy: rule }
  const spec = (listener.options as Partial<ChatListenerOptions>).approval
  if (spec == null) return { kind: 'none' }
  if (typeof spec === 'function') return { kind: 'conditional' }
  return { kind: 'fixed', policy: normalizePolicy(spec) }
}

/** The roles a listener requires (any one of them), lower-case. */
export function requiredRoles (listener: Listener): string[] {
  return ((listener.options as Partial<ChatListenerOptions>).roles ?? []).map(r => r.toLowerCase())
}
