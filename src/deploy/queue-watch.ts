// With a queue (deploy workers), each bot process looks every two seconds for queued runs
// nobody reports (their reporter stopped, or crashed and its lease lapsed) and takes them
// up; keeps app+env claimed for the runs it reports (a job can wait for a worker longer
// than the claim's first TTL, which would otherwise let a second run of that app+env in;
// with no bot left reporting, the claim still lapses); and closes the queue's connections
// once the bot stops. A real timer: leases and claims live on Redis's clock. Not tracked as
// work: it runs for the bot's life.
import type { Logger } from '../core/log.ts'
import type { History, RunRecord } from './history.ts'
import type { DetachedRunner, RunHandle } from './runner.ts'

const TICK_MS = 1000
const LOOK_EVERY_TICKS = 2

export interface Reported { run: RunRecord, timeoutMs: number }

export interface QueueWatch {
  runner: DetachedRunner
  history: History
  log: Logger
  /** False once the bot is shutting down. */
  accepting: () => boolean
  /** The runs this process reports now. */
  following: ReadonlyMap<string, Reported>
  /** Renews a reported run's claim on its app+env. */
  hold: (reported: Reported) => Promise<void>
  /** Starts reporting a run taken over. */
  adopt: (run: RunRecord, handle: RunHandle) => void
}

export function watchQueue (w: QueueWatch): void {
  let ticks = 0
  let looking = false
  const timer = setInterval(() => {
    if (!w.accepting()) {
      clearInterval(timer)
      w.runner.close().catch((err: unknown) => w.log.warn({ err }, 'deploy: the queue connections did not close cleanly'))
      return
    }
    if (looking || ticks++ % LOOK_EVERY_TICKS !== 0) return
    looking = true
    look(w).catch((err: unknown) => w.log.warn({ err }, 'deploy: could not look after queued runs')).finally(() => { looking = false })
  }, TICK_MS)
  timer.unref()
}

async function look (w: QueueWatch): Promise<void> {
  for (const reported of w.following.values()) {
    if (reported.run.queued === true && reported.run.result === 'running') await w.hold(reported)
  }
  for (const run of await w.history.active()) {
    if (run.queued !== true || w.following.has(run.id)) continue
    const handle = await w.runner.follow(run.id, run.started_at)
    if (handle != null) w.adopt(run, handle)
  }
}
