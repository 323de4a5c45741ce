// Ships the log lines to Elasticsearch as well as stderr: pino-elasticsearch runs as a pino
// transport, in a worker thread, so its HTTP work never runs on the thread that answers
// chat. What stands between the two threads is bounded: thread-stream's shared buffer
// (4 MiB). When Elasticsearch is slow or down the worker stops reading, the buffer
// fills, and from then until it drains each line is dropped for shipping (stderr still
// gets it, through its own stream) and counted; the first drop and the recovery are logged
// with the count. A bulk request that fails for good (after the client's retries) pauses
// shipping: for resumeAfterMs lines are dropped for shipping and counted, then the next one
// goes to the worker, which starts afresh, and the recovery is logged with the count.
// Nothing here waits for Elasticsearch, except close() at shutdown (bounded).
import path from 'node:path'
import { Writable } from 'node:stream'
import pino from 'pino'
import type { Config } from './config.ts'
import { TREE_ROOT } from './project-root.ts'

export interface ShippingOptions {
  /** The Elasticsearch URL; user:password in it become basic auth. */
  url: string
  apiKey: string | null
  /** The data stream the lines go to: logs-chatops-<bot name>. */
  dataStream: string
  /** How long a partial batch waits before it is sent (default 1 s). */
  flushIntervalMs?: number
  /** Retries of a bulk request Elasticsearch answered 502/503/504 or never reached (default 3). */
  maxRetries?: number
  /** How long one bulk request may take (default 10 s: the client's 30 s holds a batch up for long). */
  requestTimeoutMs?: number
  /** A fixed wait between connection retries; default the client's backoff (1 to 4 s, growing). Tests shorten it. */
  retryBackoffMs?: number
  /** After a bulk request failed for good, how long lines are dropped before shipping is tried again (default 30 s). */
  resumeAfterMs?: number
}

export interface Shipper {
  stream: Writable
  /** Lines not shipped since the start (stderr has them all). */
  readonly dropped: number
  /** At shutdown: sends what is buffered and stops the worker, waiting at most timeoutMs; drops it when Elasticsearch is stalled. */
  close (timeoutMs: number): Promise<void>
}

/** Reports a change in dropping, off the write path (the report is itself a log line). */
export type DropReport = (event: { dropping: boolean, dropped: number }) => void

/** The shipping the configuration asks for; null when HUBOT_LOG_ELASTICSEARCH_URL is unset. */
export function shippingFrom (config: Config): ShippingOptions | null {
  const es = config.observability.elasticsearch
  return es == null ? null : { url: es.url, apiKey: es.apiKey, dataStream: dataStreamFor(config.bot.name) }
}

export const dataStreamFor = (botName: string): string => `logs-chatops-${botName.toLowerCase().replace(/[^a-z0-9_-]/g, '_')}`

function workerOptions (o: ShippingOptions): Record<string, unknown> {
  const url = new URL(o.url)
  const auth = o.apiKey != null
    ? { apiKey: o.apiKey }
    : url.username !== '' ? { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) } : undefined
  url.username = ''
  url.password = ''
  return {
    node: url.href,
    auth,
    index: o.dataStream,
    // Data streams take only `create`; ES 8's bulk API.
    opType: 'create',
    esVersion: 8,
    flushBytes: 64 * 1024,
    flushInterval: o.flushIntervalMs ?? 1_000,
    // Read by es-worker.mjs for the client: pino-elasticsearch does not pass them on.
    maxRetries: o.maxRetries ?? 3,
    requestTimeoutMs: o.requestTimeoutMs ?? 10_000,
    retryBackoffMs: o.retryBackoffMs,
    // Read by es-worker.mjs too: lines it still gets during the pause are discarded and counted.
    resumeAfterMs: resumeAfter(o)
  }
}

const resumeAfter = (o: ShippingOptions): number => o.resumeAfterMs ?? 30_000

export function startShipping (options: ShippingOptions, report: DropReport): Shipper {
  // From the tree's root, not this module's own URL: in the bundled build this code runs from
  // dist/src/runtime, and the worker file is compiled to dist/src/core.
  const target = path.join(TREE_ROOT, 'src', 'core', 'es-worker.mjs')
  const worker = pino.transport({ target, options: workerOptions(options), worker: { autoEnd: true } }) as unknown as Writable
  let dropped = 0
  // blocked: the shared buffer is full until the worker drains it; dead: the worker stopped;
  // pausedUntil: a bulk request failed for good, lines are dropped until then (0: not paused).
  let blocked = false
  let dead = false
  let pausedUntil = 0
  // dropping: a drop was reported and its recovery not yet.
  let dropping = false
  const drop = (): void => {
    dropped++
    if (dropping) return
    dropping = true
    const count = dropped
    setImmediate(() => report({ dropping: true, dropped: count }))
  }
  worker.on('drain', () => {
    if (dead) return
    blocked = false
    // During a pause the recovery is the worker's to report (shipping-resumed).
    if (!dropping || pausedUntil !== 0) return
    dropping = false
    const count = dropped
    setImmediate(() => report({ dropping: false, dropped: count }))
  })
  worker.on('error', () => { dead = true })
  // Refused by Elasticsearch for good (after the client's retries), or the bulk run failed.
  worker.on('shipping-refused', (count: number) => { dropped += count; report({ dropping: true, dropped }) })
  worker.on('shipping-failed', () => {
    pausedUntil = Date.now() + resumeAfter(options)
    dropping = true
    report({ dropping: true, dropped })
  })
  // The worker opened a fresh bulk run after the pause; `count`: lines it discarded meanwhile.
  worker.on('shipping-resumed', (count: number) => {
    dropped += count
    if (dead) return
    pausedUntil = 0
    dropping = false
    report({ dropping: false, dropped })
  })
  worker.on('close', () => { dead = true })
  const stream = new Writable({
    write (chunk: Buffer | string, _enc, done) {
      // The pause is over: this line goes to the worker, which resumes (-1: until it says so).
      if (pausedUntil > 0 && Date.now() >= pausedUntil) pausedUntil = -1
      if (dead || blocked || pausedUntil > 0) { drop(); done(); return }
      try {
        // false: this line is in, but the buffer is full; the next ones are dropped until drain.
        if (!worker.write(typeof chunk === 'string' ? chunk : chunk.toString())) blocked = true
      } catch {
        dead = true
        blocked = true
        drop()
      }
      done()
    }
  })
  return {
    stream,
    get dropped () { return dropped },
    async close (timeoutMs) {
      if (dead) return
      dead = true
      if (blocked) {
        // Elasticsearch is not taking lines: ending would wait for it (thread-stream's end()
        // blocks this thread up to 10 s), and what the worker holds is lost either way.
        await (worker as unknown as { worker?: { terminate: () => Promise<number> } }).worker?.terminate()
        return
      }
      // end() waits, blocking, until the worker has sent its last batch (at most 10 s).
      await new Promise<void>(resolve => {
        const timer = setTimeout(resolve, timeoutMs)
        timer.unref()
        worker.once('close', () => { clearTimeout(timer); resolve() })
        worker.end()
      })
    }
  }
}
