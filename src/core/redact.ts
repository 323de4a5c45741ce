// Redaction shared by the log and by chat: by key (a field named like a secret) and by
// shape (tokens, credentials in URLs, secret query parameters in free text), plus the
// literal secret values the bot is configured with, which may have no recognisable shape
// (a PagerDuty REST key is 20 plain characters).
//
// Every pattern here runs on every logged string and every error sentence, so each must
// take time linear in its input: no two unbounded repeats that can match the same
// characters, and an unbounded run only where the attempts that scan it start once per
// word (\b) or after a fixed delimiter. test/runtime/scrub-linear.test.ts holds them to it.

// Keys whose values are secrets at any depth (compared lower-case).
const SECRET_KEYS = new Set(['token', 'apikey', 'api_key', 'password', 'secret', 'authorization', 'cookie',
  'set-cookie', 'signature', 'apptoken', 'bottoken', 'x-hub-signature', 'x-hub-signature-256', 'x-slack-signature',
  'x-pagerduty-signature', 'x-zendesk-webhook-signature', 'proxy-authorization'])

// Other spellings (access_token, client_secret, x-api-key, webhookSecret...): redacted when
// the value is a string, so counters and flags such as token_count or has_token stay.
const SECRET_KEY_PATTERN = /token|secret|passw(or)?d|api[-_]?key|credential|private[-_]?key|authorization|cookie|signature/i

export const REDACTED = '[REDACTED]'

/** Whether the value under `key` is to be logged as [REDACTED]. */
export function isSecretField (key: string, value: unknown): boolean {
  return (SECRET_KEYS.has(key.toLowerCase()) && value != null) || (typeof value === 'string' && SECRET_KEY_PATTERN.test(key))
}

const SCRUBBERS: Array<[RegExp, string]> = [
  [/\bxox[abposr]-[A-Za-z0-9-]+/g, 'xox?-[REDACTED]'], // Slack bot/user tokens
  [/\bxapp-[A-Za-z0-9-]+/g, 'xapp-[REDACTED]'],
  [/\bgh[pousr]_[A-Za-z0-9]{20,}/g, 'gh?_[REDACTED]'], // GitHub tokens
  [/\b(Bearer|Token)\s+(token=)?[A-Za-z0-9._~+/=-]{6,}/gi, '$1 [REDACTED]'],
  [/([?&](?:token|access_token|api_key|apikey|key|secret|signature|sig|password|code)=)[^&#\s"']+/gi, '$1[REDACTED]'],
  [/\b((?:token|api_key|apikey|password|secret)\s*[=:]\s*)[^\s&,;"']+/gi, '$1[REDACTED]'],
  // user:password@host, also :password@ (Redis URLs). The scheme starts at a word start
  // (\b): unanchored, `\w+` was retried from every character of a long word and scanned
  // the rest of it each time, quadratic (100,000 characters took seconds).
  [/\b(\w+:\/\/)[^/\s:@]*:[^/\s@]+@/g, '$1[REDACTED]@']
]

// "Basic" is also an English word, and our own messages name Slack's "Basic Information"
// page: only a value that looks like base64 (of user:password) after it is a credential.
const BASIC = /\b(Basic\s+)([A-Za-z0-9+/]{8,}={0,2})/gi

function looksLikeBase64 (value: string): boolean {
  if (/[0-9+/=]/.test(value)) return true
  // Letters only: base64 mixes cases; a word is all one case, or capitalised.
  return /[a-z]/.test(value) && /[A-Z]/.test(value) && !/^[A-Z][a-z]+$/.test(value)
}

export function scrubSecrets (text: string): string {
  let out = text
  for (const [re, replacement] of SCRUBBERS) out = out.replace(re, replacement)
  return out.replace(BASIC, (all, scheme: string, value: string) => looksLikeBase64(value) ? `${scheme}${REDACTED}` : all)
}

// Shorter values are not replaced: "[REDACTED]" in place of every "abc" would garble
// sentences, and a secret that short is no secret.
const MIN_LITERAL = 6

/** `text` with every occurrence of each of `values` replaced by [REDACTED]. */
export function redactLiterals (text: string, values: Iterable<string>): string {
  let out = text
  for (const v of values) if (v.length >= MIN_LITERAL && out.includes(v)) out = out.split(v).join(REDACTED)
  return out
}

/** `text` with the configured secret `values` and anything shaped like a credential removed. */
export function redactSecrets (text: string, values: Iterable<string>): string {
  return scrubSecrets(redactLiterals(text, values))
}

/** The string values found under secret-named keys of a configuration object, at any depth. */
export function secretValuesOf (config: unknown, depth = 0): string[] {
  if (config == null || typeof config !== 'object' || depth > 6) return []
  const out: string[] = []
  for (const [k, v] of Object.entries(config)) {
    if (typeof v === 'string' && isSecretField(k, v)) out.push(v)
    else if (typeof v === 'object') out.push(...secretValuesOf(v, depth + 1))
  }
  // Longest first, so a secret containing another is replaced whole.
  return out.sort((a, b) => b.length - a.length)
}
