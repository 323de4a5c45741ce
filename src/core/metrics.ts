// The bot's Prometheus metrics (prom-client), one Registry per robot: tests start many bots
// in one process, and two bots must not count into each other (prom-client's default
// registry is global). Labels hold only bounded values: listener ids, configured vendor
// and webhook names, outcome words, status classes. Never message text or user input, so
// a series per chat line cannot grow without bound, and no secret typed in chat is scraped.
import { createRequire } from 'node:module'
import type { Robot } from 'hubot'

export type CommandOutcome = 'ok' | 'refused' | 'failed' | 'held'
export type PersistenceBackend = 'file' | 'redis'
/** save/load: the brain; store-op: an operation on the shared store. */
export type PersistenceOperation = 'save' | 'load' | 'store-op'

// Chat commands and vendor calls take ms to a minute; approvals minutes to hours.
const COMMAND_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60]
const APPROVAL_BUCKETS = [10, 30, 60, 300, 900, 1800, 3600, 4 * 3600, 24 * 3600]
// Deploy tasks take seconds to their timeout (30 minutes by default, longer when configured).
const DEPLOY_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600]

// prom-client (with the OpenTelemetry API its default metrics load) is required when a
// metric is first used (a command ends, a scrape, a vendor call), not at start: it is a good
// part of a start's time to the first reply, which it then follows. The process and Node
// metrics (event loop lag, GC) are collected from that moment.
const load = createRequire(import.meta.url)

function build (outbox: { depth: () => number }) {
  const { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } = load('prom-client') as typeof import('prom-client')
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  const registers = [registry]
  return {
    outboxDepth: new Gauge({ name: 'chatops_slack_outbox_depth', help: 'Slack channels with messages waiting to be sent', registers, collect () { this.set(outbox.depth()) } }),
    registry,
    commands: new Counter({ name: 'chatops_commands_total', help: 'Chat commands by listener id and outcome (ok, refused, failed, held)', labelNames: ['listener', 'outcome'] as const, registers }),
    commandSeconds: new Histogram({ name: 'chatops_command_duration_seconds', help: 'Time from the listener middleware\'s go to the end of the command', labelNames: ['listener', 'outcome'] as const, buckets: COMMAND_BUCKETS, registers }),
    approvals: new Counter({ name: 'chatops_approvals_total', help: 'Approval request state changes (requested, approved, denied, expired, executed...)', labelNames: ['state'] as const, registers }),
    approvalSeconds: new Histogram({ name: 'chatops_approval_decision_seconds', help: 'Time from an approval request to its decision', labelNames: ['state'] as const, buckets: APPROVAL_BUCKETS, registers }),
    vendorRequests: new Counter({ name: 'chatops_vendor_requests_total', help: 'HTTP requests to vendors by service and status class (2xx, 4xx, 5xx, error)', labelNames: ['service', 'status_class'] as const, registers }),
    vendorSeconds: new Histogram({ name: 'chatops_vendor_request_duration_seconds', help: 'Vendor request duration', labelNames: ['service', 'status_class'] as const, buckets: COMMAND_BUCKETS, registers }),
    deploys: new Counter({ name: 'chatops_deploys_total', help: 'Deploy runs ended, by configured app, env and task and result (succeeded, failed, timed_out, cancelled, interrupted)', labelNames: ['app', 'env', 'task', 'result'] as const, registers }),
    deploySeconds: new Histogram({ name: 'chatops_deploy_duration_seconds', help: 'Deploy run duration, start to end (runs interrupted by a bot stop are not observed: their end is unknown)', labelNames: ['app', 'env', 'task', 'result'] as const, buckets: DEPLOY_BUCKETS, registers }),
    persistenceErrors: new Counter({ name: 'chatops_persistence_errors_total', help: 'Brain and shared store failures by backend (file, redis) and operation (save, load, store-op)', labelNames: ['backend', 'operation'] as const, registers }),
    webhooks: new Counter({ name: 'chatops_webhook_deliveries_total', help: 'Webhook deliveries by source and result', labelNames: ['source', 'result'] as const, registers })
  }
}

export function createMetrics () {
  // Read at each scrape; bot.ts points it at the Slack adapter (other adapters have no outbox).
  const outbox = { depth: (): number => 0 }
  let built: ReturnType<typeof build> | undefined
  const get = (): ReturnType<typeof build> => (built ??= build(outbox))
  return {
    outbox,
    /** Commands the approval engine held, per listener, not yet seen stopping (see command-metrics). */
    holds: new Map<string, number>(),
    get outboxDepth () { return get().outboxDepth },
    get registry () { return get().registry },
    get commands () { return get().commands },
    get commandSeconds () { return get().commandSeconds },
    get approvals () { return get().approvals },
    get approvalSeconds () { return get().approvalSeconds },
    get vendorRequests () { return get().vendorRequests },
    get vendorSeconds () { return get().vendorSeconds },
    get deploys () { return get().deploys },
    get deploySeconds () { return get().deploySeconds },
    get persistenceErrors () { return get().persistenceErrors },
    get webhooks () { return get().webhooks }
  }
}

export type Metrics = ReturnType<typeof createMetrics>

const byRobot = new WeakMap<Robot, Metrics>()

export function setMetrics (robot: Robot, metrics: Metrics): void { byRobot.set(robot, metrics) }

/** The robot's metrics; null for a robot not built by createBot (then nothing is counted). */
export function metricsOf (robot: Robot): Metrics | null { return byRobot.get(robot) ?? null }

/** Counts a brain or store failure on the robot's metrics (none for a robot not built by createBot). */
export function countPersistenceError (robot: Robot | null, backend: PersistenceBackend, operation: PersistenceOperation): void {
  if (robot != null) metricsOf(robot)?.persistenceErrors.inc({ backend, operation })
}

/** 200 -> "2xx"; a request that got no answer -> "error". */
export function statusClass (status: number | null): string {
  return status == null || status < 100 || status > 599 ? 'error' : `${Math.floor(status / 100)}xx`
}
