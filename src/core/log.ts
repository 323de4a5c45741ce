// The one pino logger. JSON lines on stderr (for ELK/Kibana), pretty on a terminal.
// Every value a log call is handed is first turned into plain, redacted, bounded data
// (src/log-value.ts): by key (any field named like a secret, at any depth) and by shape
// (every string is scrubbed of tokens, credentials in URLs and secret query parameters,
// src/redact.ts), because error messages and URLs carry secrets in free text. A log call
// never throws: it sits on the error paths, where a throw would replace the real error.
import { createRequire } from 'node:module'
import pino, { type Logger, type DestinationStream } from 'pino'
import type pretty from 'pino-pretty'
import { cutAndScrub, isErrorLike, messageOf, newWalk, toLoggable } from './log-value.ts'
import { ecsFields, ecsPinoOptions } from './ecs.ts'
import { startShipping, type Shipper, type ShippingOptions } from './log-shipping.ts'

export type { Logger }

// pino-pretty is loaded only for a terminal: piped or in production, a start skips it.
const load = createRequire(import.meta.url)
export { scrubSecrets } from './redact.ts'
export { LOG_STRING_LIMIT } from './log-value.ts'

export interface LoggerOptions {
  level?: string
  /** Where the lines go; default stderr (pretty when stderr is a terminal). Never stdout: that is the chat. */
  destination?: DestinationStream | NodeJS.WritableStream
  name?: string
  /** pino: pino's own JSON (level 30, msg, time); ecs: Elastic Common Schema (src/core/ecs.ts). */
  format?: 'pino' | 'ecs'
  /** Also ship every line to Elasticsearch (src/core/log-shipping.ts); stderr still gets each. */
  shipping?: ShippingOptions | null
}

const shippers = new WeakMap<object, Shipper>()

/** The root logger's Elasticsearch shipping, if it ships: for its drop count and for closing at shutdown. */
export function shipperOf (log: Logger): Shipper | null {
  return ofRoot(shippers, log)
}

// What `map` holds for the root logger `log` descends from (pino children inherit from their parent).
function ofRoot<T> (map: WeakMap<object, T>, log: Logger): T | null {
  for (let l: object | null = log; l != null; l = Object.getPrototypeOf(l) as object | null) {
    const value = map.get(l)
    if (value != null) return value
  }
  return null
}

// Each root logger's list of configured secret values (see redactInLogs); its children
// share the list through the hooks' closure.
const literalLists = new WeakMap<object, string[]>()

/**
 * Adds secret values (an API key with no recognisable shape) that this logger and its
 * children replace with [REDACTED] wherever they appear.
 */
export function redactInLogs (log: Logger, values: readonly string[]): void {
  const list = ofRoot(literalLists, log)
  if (list == null) return
  for (const v of values) if (!list.includes(v)) list.push(v)
  list.sort((a, b) => b.length - a.length) // a secret containing another is replaced whole
}

/** A log call's merge object as a plain record (pino reads .err and .msg of it). */
function asRecord (value: unknown, literals: readonly string[]): Record<string, unknown> {
  const data = toLoggable(value, newWalk(literals))
  return data != null && typeof data === 'object' && !Array.isArray(data) ? data as Record<string, unknown> : { value: data }
}

function errorFirst (value: unknown): boolean {
  try { return value != null && typeof value === 'object' && isErrorLike(value) } catch { return false }
}

/** The arguments of a log call, each made safe: the object, the message, the format arguments. */
function safeArgs (args: unknown[], literals: readonly string[]): unknown[] {
  const [first, ...rest] = args
  const format = rest.map(a => typeof a === 'string' ? cutAndScrub(a, literals) : toLoggable(a, newWalk(literals)))
  if (errorFirst(first)) {
    // log.error(err) and log.error(err, 'msg'): the error under `err`, its message as msg.
    const err = { err: toLoggable(first, newWalk(literals)) }
    return typeof rest[0] === 'string' ? [err, ...format] : [err, messageOf(first as object, literals), ...format]
  }
  if (first != null && typeof first === 'object') return [asRecord(first, literals), ...format]
  return [typeof first === 'string' ? cutAndScrub(first, literals) : first, ...format]
}

export function createLogger (options: LoggerOptions = {}): Logger {
  const literals: string[] = options.shipping?.apiKey != null ? [options.shipping.apiKey] : []
  const local = options.destination ??
    (process.stderr.isTTY ? (load('pino-pretty') as typeof pretty)({ destination: 2, sync: true, colorize: true }) : pino.destination({ dest: 2, sync: true }))
  // The drop reports are log lines of this logger, made once it exists.
  const self: { log?: Logger } = {}
  const shipper = options.shipping != null
    ? startShipping(options.shipping, ({ dropping, dropped }) => {
      if (dropping) self.log?.warn({ dropped_lines: dropped }, 'Elasticsearch is slow or down: log lines are dropped for shipping until it catches up (stderr still has every line)')
      else self.log?.info({ dropped_lines: dropped }, 'Elasticsearch caught up: log shipping resumed')
    })
    : null
  const destination = shipper == null
    ? local
    : pino.multistream([{ level: 'trace', stream: local }, { level: 'trace', stream: shipper.stream }])
  const safeBindings = (bindings: Record<string, unknown>): Record<string, unknown> => {
    try { return asRecord(bindings, literals) } catch { return {} }
  }
  const ecs = options.format === 'ecs'
  const logger = pino({
    name: options.name ?? 'hubot',
    level: options.level ?? 'info',
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Errors are already serialised (type, message, stack with causes) by safeArgs.
    serializers: { err: (value: unknown) => value },
    formatters: { bindings: safeBindings },
    // Redaction is done before either format sees a value (safeArgs, safeBindings).
    ...(ecs ? ecsPinoOptions(options.name ?? 'hubot', safeBindings) : {}),
    hooks: {
      logMethod (args, method) {
        let safe: unknown[]
        try {
          safe = safeArgs(args, literals)
        } catch {
          safe = [{ log_error: 'the values of this log call could not be read' }, 'unloggable log call']
        }
        try {
          method.apply(this, safe as Parameters<typeof method>)
        } catch {
          // Nothing sensible is left to do, and throwing here would hide the error being logged.
        }
      }
    }
  }, destination)
  // pino formats a child's bindings without the root's formatter: made safe here. Children
  // inherit this method from their parent, so grandchildren get it too.
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called with .call(this) below, so a grandchild's parent is its child
  const child = logger.child
  logger.child = function (this: Logger, bindings: Record<string, unknown>, childOptions?: unknown) {
    let safe: Record<string, unknown>
    try { safe = asRecord(bindings, literals) } catch { safe = {} }
    if (ecs) safe = ecsFields(safe)
    return child.call(this, safe, childOptions as Parameters<typeof child>[1])
  } as typeof child
  literalLists.set(logger, literals)
  if (shipper != null) shippers.set(logger, shipper)
  self.log = logger
  return logger
}
