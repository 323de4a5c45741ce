// The log line in Elastic Common Schema, so Kibana's log views, filters and dashboards
// read it as it is. @elastic/ecs-pino-format gives @timestamp, log.level, message,
// ecs.version, service.name and process.pid; our fields are mapped here, after redaction
// (they arrive as the safe records log.ts builds): the few with an ECS meaning go to their
// ECS name (with the ECS type), every other one goes under `chatops.`, so no field we emit
// can collide with an ECS field of another type.
import { ecsFormat } from '@elastic/ecs-pino-format'
import type { LoggerOptions } from 'pino'

type Fields = Record<string, unknown>

// Our key -> its ECS (or chatops.) name, when the value is a string.
const RENAMED: Readonly<Record<string, string>> = {
  listener_id: 'chatops.listener',
  listener: 'chatops.listener',
  room: 'chatops.room',
  request_id: 'chatops.approval_id',
  approval_id: 'chatops.approval_id',
  deploy_id: 'chatops.deploy_id',
  user_id: 'user.id',
  actor_id: 'user.id',
  user_name: 'user.name',
  actor_name: 'user.name'
}

// The results our audit events carry, as ECS's three outcomes.
const SUCCESS = new Set(['ok', 'success', 'succeeded', 'approved', 'executed', 'granted', 'revoked'])
const FAILURE = new Set(['failed', 'failure', 'timeout', 'timed_out', 'cancelled', 'interrupted', 'denied', 'refused', 'expired', 'error'])

function outcomeOf (action: string, fields: Fields): 'success' | 'failure' | 'unknown' {
  const said = [fields.result, fields.outcome, fields.decision].find((v): v is string => typeof v === 'string')
  const word = (said ?? action.split(/[._]/).pop() ?? '').toLowerCase()
  if (FAILURE.has(word)) return 'failure'
  if (SUCCESS.has(word)) return 'success'
  return 'unknown'
}

function errorFields (err: unknown, out: Fields): void {
  if (err == null || typeof err !== 'object' || Array.isArray(err)) { out['chatops.err'] = err; return }
  const { type, message, stack, ...rest } = err as Fields
  if (typeof type === 'string') out['error.type'] = type
  if (typeof message === 'string') out['error.message'] = message
  if (typeof stack === 'string') out['error.stack_trace'] = stack
  if (Object.keys(rest).length > 0) out['chatops.error'] = rest
}

/** A log call's (already redacted) fields under their ECS or chatops. names. */
export function ecsFields (fields: Fields): Fields {
  const out: Fields = {}
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue
    if (key === 'err') errorFields(value, out)
    else if (RENAMED[key] != null && (typeof value === 'string' || typeof value === 'number')) out[RENAMED[key]] = String(value)
    else out[`chatops.${key}`] = value
  }
  if (fields.audit === true && typeof fields.event === 'string') {
    out['event.kind'] = 'event'
    out['event.action'] = fields.event
    out['event.outcome'] = outcomeOf(fields.event, fields)
  }
  return out
}

/** pino options for ECS lines: ecs-pino-format's names, then ours mapped by ecsFields. */
export function ecsPinoOptions (serviceName: string, safe: (value: Fields) => Fields): Pick<LoggerOptions, 'messageKey' | 'timestamp' | 'formatters'> {
  const ecs = ecsFormat({ serviceName, eventDataset: 'chatops', convertErr: false, apmIntegration: false })
  const bindings = ecs.formatters?.bindings ?? ((b: Fields) => b)
  const log = ecs.formatters?.log ?? ((o: Fields) => o)
  return {
    messageKey: ecs.messageKey,
    timestamp: ecs.timestamp,
    formatters: {
      level: ecs.formatters?.level,
      // pid and name become process.pid and log.logger; the rest is ours.
      bindings: (b) => {
        const { pid, hostname, name, ...ours } = safe(b)
        return bindings({ pid, hostname, name, ...ecsFields(ours) })
      },
      log: (o) => log(ecsFields(o))
    }
  }
}
