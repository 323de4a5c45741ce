// Approval rules are keyed by listener id or glob. A key that matches no listener (a typo:
// "roles.grnt") is silently never applied, so the approval the operator meant does not
// happen: --config-check fails on it and a start logs it, with the nearest ids.
import type { ApprovalRules } from '../core/config.ts'
import { closest } from '../core/closest.ts'
import { ruleFor } from '../access/index.ts'
import { quoteInput } from '../chat/quote.ts'

/** The JSON object keys of HUBOT_APPROVAL_RULES (the rest came from the file). */
export function inlineRuleKeys (json: string | undefined): Set<string> {
  try {
    const parsed = JSON.parse(json ?? '{}') as unknown
    return new Set(parsed != null && typeof parsed === 'object' ? Object.keys(parsed) : [])
  } catch {
    return new Set()
  }
}

/** One line per rule key that matches none of `ids`, naming its variable and the closest ids (or globs). */
export function unmatchedRules (rules: ApprovalRules, ids: readonly string[], inline: ReadonlySet<string>): string[] {
  const out: string[] = []
  for (const key of Object.keys(rules)) {
    if (ids.some(id => ruleFor(id, { [key]: null }) !== undefined)) continue
    const variable = inline.has(key) ? 'HUBOT_APPROVAL_RULES' : 'HUBOT_APPROVAL_RULES_FILE'
    const glob = key.includes('*')
    // For a glob, the scripts' own globs ("pagerduty.*") come first among equals.
    const candidates = glob ? [...ids.map(id => `${id.split('.')[0]}.*`), ...ids] : ids
    const near = closest(key, candidates, 3)
    out.push(`${variable}: "${quoteInput(key)}" matches no command id, so it never applies` +
      (near.length > 0 ? `; closest${glob ? '' : ' ids'}: ${near.join(', ')}` : '; no commands are loaded'))
  }
  return out
}
