// What the bot processes and the deploy workers agree on in Redis: the BullMQ queue (under
// the configured prefix, like every other key), a job's data, and the keys and channel the
// two sides use beside BullMQ's own. Shared by queue-runner.ts (bot) and worker.ts.
import { Redis } from 'ioredis'
import type { Logger } from '../core/log.ts'
import { redisOptions, type RedisSettings } from '../store/redis-client.ts'

export const QUEUE_NAME = 'deploys'

/** BullMQ joins its prefix and the queue name with ':', so `hubot:` gives `hubot:bull:deploys:...`. */
export const bullPrefix = (prefix: string): string => `${prefix}bull`

/** A job's data: what to run, with the names of the variables to pass, never their values. */
export interface JobData {
  id: string
  argv: string[]
  cwd: string
  timeoutMs: number
  envNames: string[]
  deployEnv: Record<string, string>
}

/** Output streams are capped: a runaway task must not fill Redis. */
export const OUTPUT_MAX = 10_000
/** How long a run's output and its reporting state are kept once the run has ended (or in case nobody reports it). */
export const KEEP_MS = 24 * 3_600_000
/** A worker says it is alive every WORKER_BEAT_MS, for WORKER_ALIVE_MS. */
export const WORKER_BEAT_MS = 10_000
export const WORKER_ALIVE_MS = 30_000

export function queueKeys (prefix: string) {
  const key = (kind: string) => (id: string): string => `${prefix}deploy:${kind}:${id}`
  return {
    /** The run's output lines, its start (host, pid) and its result, as a stream. */
    output: key('output'),
    /** The last stream entry the room has been given. */
    cursor: key('cursor'),
    /** Which bot process reports the run now (a lease with a TTL). */
    reporter: key('reporter'),
    /** Taken once, by the bot process that reports the end. */
    ended: key('ended'),
    /** Who cancelled the run, for the end report. */
    canceller: key('canceller'),
    /** Set once the room was told that no worker is running. */
    noWorker: key('no-worker'),
    worker: key('workers'),
    workersPattern: `${prefix}deploy:workers:*`,
    cancelChannel: `${prefix}deploy:cancel`
  }
}

export type QueueKeys = ReturnType<typeof queueKeys>

/**
 * A connection for BullMQ or a blocking read: BullMQ wants commands retried until Redis is
 * back (maxRetriesPerRequest null). lazyConnect: nothing connects until the queue is used,
 * so --config-check, which loads the scripts, still connects to nothing.
 */
export function queueConnection (settings: RedisSettings, name: string, log: Logger): Redis {
  const client = new Redis(settings.url, { ...redisOptions(settings, name), maxRetriesPerRequest: null, lazyConnect: true })
  let last = ''
  client.on('error', (err: Error) => {
    if (err.message === last) return
    last = err.message
    log.error({ err: { message: err.message, code: (err as NodeJS.ErrnoException).code }, redis: name }, 'Redis connection error; retrying')
  })
  client.on('ready', () => { last = '' })
  return client
}
