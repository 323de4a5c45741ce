// The bot's side of deploy jobs (with REDIS_URL): start() queues a BullMQ job for a deploy
// worker (worker.ts) and follows the run's output stream; follow() picks up a run another
// bot process started (or this one, before a restart) from the stream entry last relayed.
// One bot process reports a run at a time (a lease with a TTL, renewed while it reads), and
// only the process that claims the end reports it. The job itself is watched too: a worker
// that died mid-run leaves its job active without BullMQ's lock, and the run is then
// reported failed; a job that waits with no worker alive is said once in the room.
import { randomInt } from 'node:crypto'
import { hostname } from 'node:os'
import { Queue } from 'bullmq'
import type { Redis } from 'ioredis'
import type { Clock } from '../core/clock.ts'
import type { Logger } from '../core/log.ts'
import { quit, type RedisSettings } from '../store/redis-client.ts'
import type { DetachedRunner, RunHandle, RunResult, RunSpec } from './runner.ts'
import { bullPrefix, KEEP_MS, QUEUE_NAME, queueConnection, queueKeys, type JobData, type QueueKeys } from './queue-keys.ts'
import { followRun, QueueHandle, type Following } from './queue-follow.ts'

/** A reporter that stops renewing (a crashed bot) loses the run to another bot process after this long. */
export const LEASE_MS = 15_000
// Renews the lease when this process holds it, or takes it when it has lapsed.
const RENEW = `
local v = redis.call('GET', KEYS[1])
if v == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
if not v then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
return 0`
const RELEASE = 'if redis.call(\'GET\', KEYS[1]) == ARGV[1] then return redis.call(\'DEL\', KEYS[1]) end return 0'

export interface QueueRunnerOptions {
  redis: RedisSettings
  clock: Clock
  log: Logger
  /** This bot process, as the holder of reporting leases (default: host, pid and a random part). */
  instance?: string
  /** False once the bot is shutting down: runs are left to the next reporter. */
  accepting: () => boolean
}

export class QueueRunner implements DetachedRunner, Following {
  readonly detached = true
  readonly options: QueueRunnerOptions & { instance: string }
  readonly keys: QueueKeys
  readonly redis: Redis
  private queueClient: Queue | null = null
  private queueRedis: Redis | null = null
  private readonly live = new Set<Promise<unknown>>()

  constructor (options: QueueRunnerOptions) {
    this.options = { ...options, instance: options.instance ?? `${hostname()}:${process.pid}:${randomInt(1e9).toString(36)}` }
    this.keys = queueKeys(options.redis.prefix)
    this.redis = queueConnection(options.redis, 'hubot-deploy', options.log)
  }

  // Made on first use: a bot that never deploys never connects it.
  get queue (): Queue {
    this.queueRedis ??= queueConnection(this.options.redis, 'hubot-deploy-queue', this.options.log)
    this.queueClient ??= new Queue(QUEUE_NAME, { connection: this.queueRedis, prefix: bullPrefix(this.options.redis.prefix) })
    return this.queueClient
  }

  async lease (id: string): Promise<boolean> {
    return await this.redis.set(this.keys.reporter(id), this.options.instance, 'PX', LEASE_MS, 'NX') === 'OK'
  }

  async renew (id: string): Promise<boolean> {
    return await this.redis.eval(RENEW, 1, this.keys.reporter(id), this.options.instance, LEASE_MS) === 1
  }

  async release (id: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.keys.reporter(id), this.options.instance)
  }

  start (spec: RunSpec): RunHandle {
    const data: JobData = { id: spec.id, argv: spec.argv, cwd: spec.cwd, timeoutMs: spec.timeoutMs, envNames: spec.envNames, deployEnv: spec.deployEnv }
    return this.track(spec.id, this.options.clock.now(), async () => {
      // No retry, ever: a deploy is not idempotent.
      await this.queue.add('run', data, { jobId: spec.id, attempts: 1, removeOnComplete: { age: KEEP_MS / 1000 }, removeOnFail: { age: KEEP_MS / 1000 } })
    })
  }

  async follow (id: string, since: number): Promise<RunHandle | null> {
    if (!await this.lease(id)) return null
    return this.track(id, since, null)
  }

  private track (id: string, since: number, enqueue: (() => Promise<void>) | null): QueueHandle {
    const handle = new QueueHandle(id)
    handle.done = followRun(this, handle, since, enqueue)
    const p = handle.done.finally(() => { this.live.delete(p) })
    this.live.add(p)
    return handle
  }

  /** A waiting job is removed (and its end written as cancelled); a running one is signalled to the workers. */
  async cancel (id: string, by: { id: string, name: string }): Promise<boolean> {
    const state = await this.queue.getJobState(id)
    if (!['waiting', 'prioritized', 'delayed', 'active'].includes(state)) return false
    await this.redis.set(this.keys.canceller(id), JSON.stringify(by), 'PX', KEEP_MS)
    // remove() refuses a job a worker holds (0): that one hears the cancel on the channel.
    if (state !== 'active' && await this.queue.remove(id) === 1) {
      const result: RunResult = { code: null, signal: null, timedOut: false, cancelled: true, error: null }
      await this.redis.xadd(this.keys.output(id), '*', 'kind', 'result', 'json', JSON.stringify(result))
      await this.redis.pexpire(this.keys.output(id), KEEP_MS)
      return true
    }
    await this.redis.publish(this.keys.cancelChannel, id)
    return true
  }

  /** Whether any worker said it is alive in the last WORKER_ALIVE_MS. */
  async workersAlive (): Promise<boolean> {
    let cursor = '0'
    do {
      const [next, found] = await this.redis.scan(cursor, 'MATCH', this.keys.workersPattern, 'COUNT', 500)
      if (found.length > 0) return true
      cursor = next
    } while (cursor !== '0')
    return false
  }

  /** Whether a worker still holds the job's BullMQ lock (it renews it while the job runs). */
  async jobLocked (id: string): Promise<boolean> {
    return await this.redis.exists(this.queue.toKey(`${id}:lock`)) === 1
  }

  /** Waits for the runs being followed (they stop once the bot stops accepting), then disconnects. */
  async close (): Promise<void> {
    while (this.live.size > 0) await Promise.allSettled([...this.live])
    await this.queueClient?.close()
    await Promise.all([quit(this.redis), this.queueRedis != null ? quit(this.queueRedis) : null])
  }
}
