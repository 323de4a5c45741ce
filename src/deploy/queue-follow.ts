// Following one queued run for the room: reads its output stream from the entry the last
// reporter relayed (a blocking XREAD on a connection of its own), keeps the cursor in
// Redis, renews the reporting lease, and watches the job when the stream is quiet: no
// worker alive while it waits, or its worker gone mid-run. Returns the result when this
// process claimed the end, null when the run is left to another reporter.
import { EventEmitter } from 'node:events'
import type { Redis } from 'ioredis'
import type { Clock } from '../core/clock.ts'
import type { Logger } from '../core/log.ts'
import type { RunHandle, RunResult } from './runner.ts'
import { KEEP_MS, type QueueKeys } from './queue-keys.ts'

/** A job waiting this long (on the bot's clock) with no worker alive is said in the room. */
export const NO_WORKER_MS = 30_000

export class QueueHandle extends EventEmitter implements RunHandle {
  readonly logsOutput = true
  done!: Promise<RunResult | null>
  constructor (readonly id: string) { super() }
}

/** What following a run needs from the queue runner. */
export interface Following {
  redis: Redis
  keys: QueueKeys
  options: { log: Logger, clock: Clock, instance: string, accepting: () => boolean }
  queue: { getJobState: (id: string) => Promise<string> }
  renew: (id: string) => Promise<boolean>
  release: (id: string) => Promise<void>
  workersAlive: () => Promise<boolean>
  jobLocked: (id: string) => Promise<boolean>
}

/** How long one read waits for output: also how often the lease is renewed and the job looked at. */
const READ_BLOCK_MS = 1000
/** Recording an end takes well under this; a claim left by a crash lapses after it. */
const END_CLAIM_MS = 60_000
const WAITING = new Set(['waiting', 'prioritized', 'delayed', 'waiting-children'])
const ENDED: RunResult = { code: null, signal: null, timedOut: false, cancelled: false, error: null }

type Entry = [id: string, fields: string[]]

const field = (fields: string[], name: string): string | undefined => {
  const i = fields.findIndex((f, n) => n % 2 === 0 && f === name)
  return i >= 0 ? fields[i + 1] : undefined
}

export async function followRun (runner: Following, handle: QueueHandle, since: number, enqueue: (() => Promise<void>) | null): Promise<RunResult | null> {
  const { redis, keys, options } = runner
  const { id } = handle
  const log = options.log.child({ deploy_id: id })
  if (enqueue != null) {
    try {
      await enqueue()
    } catch (err) {
      log.error({ err }, 'deploy: the job could not be queued')
      await runner.release(id).catch(() => {})
      return { ...ENDED, error: 'the deploy queue (Redis) did not take the job' }
    }
  }
  const stream = keys.output(id)
  const reader = redis.duplicate()
  // What the stream said so far: where the task runs, and its result once written.
  const run: { where: string | null, result: RunResult | null } = { where: null, result: null }
  const take = ([, fields]: Entry, seen: boolean): void => {
    const kind = field(fields, 'kind')
    if (kind === 'line') handle.emit('line', field(fields, 'text') ?? '', field(fields, 'stream') === 'stderr' ? 'stderr' : 'stdout', seen)
    else if (kind === 'started') run.where = `${field(fields, 'host') ?? '?'}, pid ${field(fields, 'pid') ?? '?'}`
    else if (kind === 'result') run.result = JSON.parse(field(fields, 'json') ?? 'null') as RunResult
  }
  try {
    // Lines an earlier reporter relayed: for the stored tail only.
    let last = await redis.get(keys.cursor(id)) ?? '0'
    if (last !== '0') for (const entry of await redis.xrange(stream, '-', last) as Entry[]) take(entry, true)
    let noticed = false
    let suspect = false
    while (run.result == null) {
      if (!options.accepting()) {
        await runner.release(id)
        return null
      }
      if (!await runner.renew(id)) return null // another bot process reports it now
      const read = await reader.xread('COUNT', 500, 'BLOCK', READ_BLOCK_MS, 'STREAMS', stream, last)
      const entries = read?.[0]?.[1] ?? []
      for (const entry of entries) {
        take(entry, false)
        last = entry[0]
        if (run.result != null) break
      }
      if (entries.length > 0) await redis.set(keys.cursor(id), last, 'PX', KEEP_MS)
      if (run.result != null || entries.length > 0) continue
      const state = await runner.queue.getJobState(id)
      if (WAITING.has(state)) {
        suspect = false
        if (!noticed && options.clock.now() - since > NO_WORKER_MS && !await runner.workersAlive()) {
          noticed = true
          if (await redis.set(keys.noWorker(id), '1', 'PX', KEEP_MS, 'NX') === 'OK') {
            handle.emit('notice', `deploy ${id} is waiting: no deploy worker is running. Start one with "npm run worker" (on Heroku the Procfile's worker line: heroku ps:scale worker=1).`)
          }
        }
      } else if (state === 'active' && await runner.jobLocked(id)) {
        suspect = false
      } else if (!suspect) {
        // Not running, or running without its lock: one more read, for a result written just now.
        suspect = true
      } else {
        const where = run.where
        const why = state === 'unknown' && where == null
          ? 'the deploy job is no longer in the queue and no worker reported its end'
          : `the deploy worker stopped mid-run${where != null ? ` (${where})` : ''}: the job is not run again; its task may still be running there, so check before deploying again`
        log.warn({ job_state: state }, `deploy: ${why}`)
        handle.emit('line', why, 'stderr', false)
        run.result = { ...ENDED }
      }
    }
    // Exactly one bot process reports the end, whoever else follows the run. The claim
    // lapses: if its holder dies before the end is recorded (the run still in flight in the
    // history), the next reporter adopts the run and claims it again.
    if (await redis.set(keys.ended(id), options.instance, 'PX', END_CLAIM_MS, 'NX') !== 'OK') return null
    const ended: RunResult = run.result
    if (ended.cancelled) {
      const by = await redis.get(keys.canceller(id))
      ended.cancelledBy = by != null ? JSON.parse(by) as { id: string, name: string } : null
    }
    await runner.release(id)
    return ended
  } catch (err) {
    // Redis lost meanwhile: the lease lapses and a reporter (this process too) adopts the run again.
    log.warn({ err }, 'deploy: stopped following a queued run (Redis unreachable); it is taken up again once the lease lapses')
    return null
  } finally {
    reader.disconnect()
  }
}
