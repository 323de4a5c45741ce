// The one pino logger. JSON lines on stderr (for ELK/Kibana), pretty on a terminal.
// Redaction lives here, twice over: by key (any field named like a secret, at any depth)
// and by shape (every string is scrubbed of tokens, credentials in URLs and secret query
// parameters), because error messages and URLs carry secrets in free text.
import pino, { type Logger, type DestinationStream } from 'pino'
import pretty from 'pino-pretty'

export type { Logger }

// Keys whose values are secrets at any depth (compared lower-case).
const SECRET_KEYS = new Set(['token', 'apikey', 'api_key', 'password', 'secret', 'authorization', 'cookie',
  'set-cookie', 'signature', 'apptoken', 'bottoken', 'x-hub-signature', 'x-hub-signature-256', 'x-slack-signature',
  'x-pagerduty-signature', 'x-zendesk-webhook-signature', 'proxy-authorization'])

// Other spellings (access_token, client_secret, x-api-key, webhookSecret...): redacted when
// the value is a string, so counters and flags such as token_count or has_token stay.
const SECRET_KEY_PATTERN = /token|secret|passw(or)?d|api[-_]?key|credential|private[-_]?key|authorization|cookie|signature/i

const SCRUBBERS: Array<[RegExp, string]> = [
  [/\bxox[abposr]-[A-Za-z0-9-]+/g, 'xox?-[REDACTED]'], // Slack bot/user tokens
  [/\bxapp-[A-Za-z0-9-]+/g, 'xapp-[REDACTED]'],
  [/\bgh[pousr]_[A-Za-z0-9]{20,}/g, 'gh?_[REDACTED]'], // GitHub tokens
  [/\b(Bearer|Token|Basic)\s+(token=)?[A-Za-z0-9._~+/=-]{6,}/gi, '$1 [REDACTED]'],
  [/([?&](?:token|access_token|api_key|apikey|key|secret|signature|sig|password|code)=)[^&#\s"']+/gi, '$1[REDACTED]'],
  [/\b((?:token|api_key|apikey|password|secret)\s*[=:]\s*)[^\s&,;"']+/gi, '$1[REDACTED]'],
  [/(\w+:\/\/)[^/\s:@]*:[^/\s@]+@/g, '$1[REDACTED]@'] // user:password@host, also :password@ (Redis URLs)
]

export function scrubSecrets (text: string): string {
  let out = text
  for (const [re, replacement] of SCRUBBERS) out = out.replace(re, replacement)
  return out
}

function scrubDeep (value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubSecrets(value)
  if (value == null || typeof value !== 'object' || depth > 8) return value
  if (value instanceof Error) {
    // A scrubbed copy that is still an Error, so pino's err serializer keeps its type.
    const copy = Object.create(Object.getPrototypeOf(value)) as Error & Record<string, unknown>
    for (const [k, v] of Object.entries(value)) copy[k] = scrubDeep(v, depth + 1)
    copy.message = scrubSecrets(value.message)
    copy.stack = scrubSecrets(value.stack ?? '')
    // `cause` is not enumerable; copied, so pino's serializer still logs the whole chain.
    if (value.cause !== undefined) copy.cause = scrubDeep(value.cause, depth + 1)
    return copy
  }
  if (Array.isArray(value)) return value.map(v => scrubDeep(v, depth + 1))
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) {
    const secret = (SECRET_KEYS.has(k.toLowerCase()) && v != null) || (typeof v === 'string' && SECRET_KEY_PATTERN.test(k))
    out[k] = secret ? '[REDACTED]' : scrubDeep(v, depth + 1)
  }
  return out
}

export interface LoggerOptions {
  level?: string
  /** Where the lines go; default stderr (pretty when stderr is a terminal). Never stdout: that is the chat. */
  destination?: DestinationStream | NodeJS.WritableStream
  name?: string
}

export function createLogger (options: LoggerOptions = {}): Logger {
  const destination = options.destination ??
    (process.stderr.isTTY ? pretty({ destination: 2, sync: true, colorize: true }) : pino.destination({ dest: 2, sync: true }))
  return pino({
    name: options.name ?? 'hubot',
    level: options.level ?? 'info',
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { log: (obj) => scrubDeep(obj) as Record<string, unknown> },
    hooks: {
      logMethod (args, method) {
        // pino copies an Error's message into msg itself, past the formatter: scrub it here.
        const [first, ...rest] = args as unknown[]
        const expanded = first instanceof Error && typeof rest[0] !== 'string' ? [{ err: first }, first.message, ...rest] : args
        method.apply(this, expanded.map(a => typeof a === 'string' ? scrubSecrets(a) : a) as Parameters<typeof method>)
      }
    }
  }, destination as DestinationStream)
}
