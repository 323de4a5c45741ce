// A deploy worker process: takes deploy jobs from the BullMQ queue and runs each with the
// local runner (its own process group), writing every output line, then the result, to
// the run's stream in Redis, where a bot process reads and reports them. A job is never
// retried, and never taken again after a worker died mid-run (maxStalledCount 0): deploys
// are not idempotent. The child's environment is built here, from this process's own
// variables: no secret value travels through Redis.
import { randomInt } from 'node:crypto'
import { hostname } from 'node:os'
import { Worker, type Job } from 'bullmq'
import type { Logger } from '../core/log.ts'
import { redactSecrets } from '../core/redact.ts'
import { quit, type RedisSettings } from '../store/redis-client.ts'
import { LocalRunner, type RunResult } from './runner.ts'
import { bullPrefix, KEEP_MS, OUTPUT_MAX, QUEUE_NAME, queueConnection, queueKeys, WORKER_ALIVE_MS, WORKER_BEAT_MS, type JobData } from './queue-keys.ts'

export interface WorkerOptions {
  redis: RedisSettings
  concurrency: number
  /** BullMQ's lockDuration and stalledInterval: a worker that stops renewing its lock is found dead after about this long. */
  lockMs: number
  /** Where PATH, HOME, LANG and the tasks' `env:` names are read from. */
  env: NodeJS.ProcessEnv
  /** Configured secret values, scrubbed from the lines written to Redis. */
  secrets: string[]
  log: Logger
}

export interface DeployWorker {
  readonly id: string
  /** Takes no new job, lets the running ones finish, then disconnects. */
  close (): Promise<void>
}

export async function startDeployWorker (options: WorkerOptions): Promise<DeployWorker> {
  const { redis: settings, log } = options
  const id = `${hostname()}:${process.pid}:${randomInt(1e9).toString(36)}`
  const keys = queueKeys(settings.prefix)
  const redis = queueConnection(settings, 'deploy-worker', log)
  const subscriber = queueConnection(settings, 'deploy-worker-cancel', log)
  const runner = new LocalRunner(options.env)
  // A cancel can arrive between BullMQ handing a job over and the task being spawned.
  const starting = new Set<string>()
  const cancelSoon = new Set<string>()
  subscriber.on('message', (_channel: string, runId: string) => {
    if (runner.cancel(runId)) log.info({ deploy_id: runId }, 'deploy cancelled: its process group is being stopped')
    else if (starting.has(runId)) cancelSoon.add(runId)
  })
  await subscriber.subscribe(keys.cancelChannel)

  const append = async (runId: string, fields: string[]): Promise<void> => {
    await redis.xadd(keys.output(runId), 'MAXLEN', '~', OUTPUT_MAX, '*', ...fields)
  }

  const run = async (job: Job<JobData>): Promise<RunResult> => {
    const data = job.data
    const runLog = log.child({ deploy_id: data.id, app: data.deployEnv.DEPLOY_APP, env: data.deployEnv.DEPLOY_ENV, task: data.deployEnv.DEPLOY_TASK, worker: id })
    starting.add(data.id)
    let result: RunResult
    try {
      // Cancelled while it waited (the removal lost the race with this worker).
      if (await redis.exists(keys.canceller(data.id)) === 1) {
        result = { code: null, signal: null, timedOut: false, cancelled: true, error: null }
      } else {
        await append(data.id, ['kind', 'started', 'host', hostname(), 'pid', String(process.pid)])
        const handle = runner.start({ id: data.id, argv: data.argv, cwd: data.cwd, timeoutMs: data.timeoutMs, envNames: data.envNames, deployEnv: data.deployEnv })
        starting.delete(data.id)
        if (cancelSoon.delete(data.id)) runner.cancel(data.id)
        runLog.info({ argv: data.argv, cwd: data.cwd, timeout_ms: data.timeoutMs }, 'deploy started on this worker')
        const writes: Array<Promise<void>> = []
        handle.on('line', (line, stream) => {
          runLog.info({ stream, line }, 'deploy output')
          // Commands on one connection run in order: the result below comes after every line.
          writes.push(append(data.id, ['kind', 'line', 'stream', stream, 'text', redactSecrets(line, options.secrets)]).catch((err: unknown) => runLog.warn({ err }, 'deploy: an output line could not be written to Redis')))
        })
        result = (await handle.done) ?? { code: null, signal: null, timedOut: false, cancelled: false, error: 'no result' }
        await Promise.all(writes)
      }
    } finally {
      starting.delete(data.id)
      cancelSoon.delete(data.id)
    }
    await append(data.id, ['kind', 'result', 'json', JSON.stringify(result)])
    await redis.pexpire(keys.output(data.id), KEEP_MS)
    runLog[result.code === 0 ? 'info' : 'warn']({ exit_code: result.code, signal: result.signal, timed_out: result.timedOut, cancelled: result.cancelled, error: result.error }, 'deploy ended on this worker')
    return result
  }

  const worker = new Worker<JobData, RunResult>(QUEUE_NAME, run, {
    connection: queueConnection(settings, 'deploy-worker-bullmq', log),
    prefix: bullPrefix(settings.prefix),
    concurrency: options.concurrency,
    maxStalledCount: 0,
    lockDuration: options.lockMs,
    stalledInterval: options.lockMs,
    removeOnComplete: { age: KEEP_MS / 1000 },
    removeOnFail: { age: KEEP_MS / 1000 }
  })
  worker.on('error', err => log.error({ err }, 'deploy worker: queue error'))
  worker.on('failed', (job, err) => log.warn({ err, deploy_id: job?.id }, 'deploy worker: a job failed'))
  await worker.waitUntilReady()

  const beat = async (): Promise<void> => {
    await redis.set(keys.worker(id), JSON.stringify({ host: hostname(), pid: process.pid, concurrency: options.concurrency }), 'PX', WORKER_ALIVE_MS)
  }
  await beat()
  const heartbeat = setInterval(() => { beat().catch((err: unknown) => log.warn({ err }, 'deploy worker: could not say it is alive')) }, WORKER_BEAT_MS)
  log.info({ worker: id, concurrency: options.concurrency, lock_ms: options.lockMs, prefix: settings.prefix }, 'deploy worker started')

  let closing: Promise<void> | null = null
  return {
    id,
    close: async () => {
      closing ??= (async () => {
        await worker.close()
        clearInterval(heartbeat)
        await redis.del(keys.worker(id)).catch(() => {})
        await Promise.all([quit(subscriber), quit(redis), worker.disconnect()])
        log.info({ worker: id }, 'deploy worker stopped')
      })()
      await closing
    }
  }
}
