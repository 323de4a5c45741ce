// Turns anything handed to the logger into plain JSON-ready data, redacted and bounded,
// without ever throwing. A log call sits on every error path: when the logger threw (it
// assigned to a DOMException's read-only `message`), the error being reported was lost and
// chat said "something went wrong". So nothing here writes to the value it is given, every
// read is guarded (getters and Proxies may throw), cycles and depth are cut, and each string
// is cut before it is scrubbed, so one huge field costs bounded time.
import { types } from 'node:util'
import { REDACTED, isSecretField, redactLiterals, scrubSecrets } from './redact.ts'

/** The most characters one logged string keeps (a stack with its causes fits). */
export const LOG_STRING_LIMIT = 8_192
// Scrubbed past the cut, so a secret that straddles it is recognised whole, then cut.
const SCRUB_MARGIN = 512
const MAX_DEPTH = 8
const MAX_ITEMS = 100
const MAX_KEYS = 200
const MAX_CAUSES = 10
// Nodes visited per log call: shared sub-objects (not cycles) could otherwise multiply.
const MAX_NODES = 5_000

/** `text` cut to the limit, then redacted: `literals` are configured secret values. */
export function cutAndScrub (text: string, literals: readonly string[] = []): string {
  const scrub = (t: string): string => scrubSecrets(literals.length > 0 ? redactLiterals(t, literals) : t)
  if (text.length <= LOG_STRING_LIMIT) return scrub(text)
  const head = scrub(text.slice(0, LOG_STRING_LIMIT + SCRUB_MARGIN)).slice(0, LOG_STRING_LIMIT)
  return `${head}…[cut: ${text.length} characters in all]`
}

interface Walk { ancestors: Set<object>, nodes: number, literals: readonly string[] }
export const newWalk = (literals: readonly string[] = []): Walk => ({ ancestors: new Set(), nodes: 0, literals })

function reason (err: unknown, literals: readonly string[]): string {
  try {
    const m = (err as { message?: unknown } | null)?.message
    return cutAndScrub(typeof m === 'string' ? m : String(err), literals).slice(0, 200)
  } catch { return 'unknown' }
}

/** Runs `read`; a throw becomes the "[unreadable: why]" marker. */
function guarded (read: () => unknown, literals: readonly string[] = []): unknown {
  try { return read() } catch (err) { return `[unreadable: ${reason(err, literals)}]` }
}

/** Error, an Error from another realm (jest, vm), or a DOMException (AbortSignal.timeout). */
export function isErrorLike (value: object): boolean {
  if (value instanceof Error || types.isNativeError(value)) return true
  const tag = Object.prototype.toString.call(value)
  return tag === '[object Error]' || tag === '[object DOMException]'
}

export function toLoggable (value: unknown, walk: Walk = newWalk(), depth = 0): unknown {
  switch (typeof value) {
    case 'string': return cutAndScrub(value, walk.literals)
    case 'bigint': return value.toString()
    case 'symbol': return cutAndScrub(value.toString(), walk.literals)
    case 'function': return undefined
    case 'object': break
    default: return value
  }
  if (value === null) return null
  if (depth > MAX_DEPTH) return '[nested too deep]'
  if (walk.ancestors.has(value)) return '[circular]'
  if (++walk.nodes > MAX_NODES) return '[not logged: too many values]'
  walk.ancestors.add(value)
  try {
    return guarded(() => objectToLoggable(value, walk, depth), walk.literals)
  } finally {
    walk.ancestors.delete(value)
  }
}

function objectToLoggable (value: object, walk: Walk, depth: number): unknown {
  if (isErrorLike(value)) return errorToLoggable(value, walk, depth)
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map(v => toLoggable(v, walk, depth + 1))
    if (value.length > MAX_ITEMS) items.push(`[… ${value.length - MAX_ITEMS} more items]`)
    return items
  }
  if (ArrayBuffer.isView(value)) return `[${value.constructor.name} ${value.byteLength} bytes]`
  if (value instanceof Map) return toLoggable(Object.fromEntries([...value.entries()].slice(0, MAX_KEYS)), walk, depth)
  if (value instanceof Set) return toLoggable([...value], walk, depth)
  const toJSON = (value as { toJSON?: unknown }).toJSON
  // Dates, URLs and the like say what they are through toJSON.
  if (typeof toJSON === 'function') return toLoggable(toJSON.call(value), walk, depth + 1)
  return fields(value, Object.keys(value), walk, depth)
}

function fields (value: object, keys: string[], walk: Walk, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const key of keys.slice(0, MAX_KEYS)) {
    const v = guarded(() => (value as Record<string, unknown>)[key], walk.literals)
    const k = key.length > 200 ? `${key.slice(0, 200)}…` : key
    out[k] = isSecretField(key, v) ? REDACTED : toLoggable(v, walk, depth + 1)
  }
  if (keys.length > MAX_KEYS) out['…'] = `${keys.length - MAX_KEYS} more fields not logged`
  return out
}

function read (err: object, key: string): unknown {
  try { return (err as Record<string, unknown>)[key] } catch { return undefined }
}

/** The shape pino's err serializer gives (type, message and stack with their causes), built by reading only. */
function errorToLoggable (err: object, walk: Walk, depth: number): Record<string, unknown> {
  const ctor = read(err, 'constructor')
  const name = read(err, 'name')
  const type = typeof ctor === 'function' && ctor.name !== '' ? ctor.name : typeof name === 'string' ? name : 'Error'
  const messages: string[] = []
  const stacks: string[] = []
  const chain = new Set<object>()
  let cause: unknown = err
  while (cause != null && typeof cause === 'object' && chain.size < MAX_CAUSES) {
    if (chain.has(cause)) { messages.push('...'); stacks.push('causes have become circular...'); break }
    chain.add(cause)
    const message = read(cause, 'message')
    const stack = read(cause, 'stack')
    messages.push(typeof message === 'string' ? message : '')
    stacks.push(typeof stack === 'string' ? stack : '')
    const next = read(cause, 'cause')
    if (next == null || typeof next !== 'object' || !guardedIsErrorLike(next)) break
    cause = next
  }
  const out: Record<string, unknown> = {
    type,
    ...(typeof name === 'string' && name !== type ? { name: cutAndScrub(name, walk.literals) } : {}),
    message: cutAndScrub(messages.join(': '), walk.literals),
    stack: cutAndScrub(stacks.join('\ncaused by: '), walk.literals)
  }
  const keys = guarded(() => Object.keys(err).filter(k => !['message', 'stack', 'cause', 'name'].includes(k)))
  if (Array.isArray(keys)) Object.assign(out, fields(err, keys as string[], walk, depth))
  const own = read(err, 'cause')
  if (own != null && !(typeof own === 'object' && guardedIsErrorLike(own))) out.cause = toLoggable(own, walk, depth + 1)
  const errors = read(err, 'errors')
  if (Array.isArray(errors)) out.aggregateErrors = toLoggable(errors, walk, depth + 1)
  return out
}

function guardedIsErrorLike (value: object): boolean {
  try { return isErrorLike(value) } catch { return false }
}

/** An error's own message, scrubbed and cut; '' when it has none readable. */
export function messageOf (err: object, literals: readonly string[] = []): string {
  const m = read(err, 'message')
  return typeof m === 'string' ? cutAndScrub(m, literals) : ''
}
