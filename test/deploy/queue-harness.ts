// Deploys on the queue: bots with REDIS_URL (their runs become BullMQ jobs) and real deploy
// worker processes (node --import tsx src/runtime/worker.ts), all on one test's key prefix.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import path from 'node:path'
import { Queue } from 'bullmq'
import { Redis } from 'ioredis'
import { RedisStore } from '../../src/store/index.ts'
import { ManualClock, ROOT } from '../helpers/bot.ts'
import { TSX, waitForStderr } from '../helpers/process.ts'
import { redisClient } from '../helpers/redis.ts'
import { FIX, startDeployBot, type DeployBot } from './harness.ts'

export const QUEUE_APPS = `
apps:
  web:
    environments: { staging: {}, production: {} }
    tasks:
      gate: { command: [${FIX}/gate.sh], env: [AWS_PROFILE] }
      hang: { command: [${FIX}/hang.sh], timeout: 20s }
  api:
    environments: { staging: {} }
    tasks:
      gate: { command: [${FIX}/gate.sh] }
`

export interface WorkerProcess {
  child: ChildProcessWithoutNullStreams
  stderr: () => string
  exited: Promise<void>
  /** SIGTERM, as a dyno restart sends, and waits for the exit. */
  stop: () => Promise<void>
}

export async function startWorker (url: string, prefix: string, env: Record<string, string> = {}): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', TSX, path.join(ROOT, 'src', 'runtime', 'worker.ts')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', REDIS_URL: url, HUBOT_REDIS_PREFIX: prefix, HUBOT_LOG_LEVEL: 'info', ...env }
  })
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString() })
  const exited = new Promise<void>(resolve => child.once('close', () => resolve()))
  await waitForStderr(child, 'deploy worker started')
  return {
    child,
    stderr: () => stderr,
    exited,
    stop: async () => {
      if (child.exitCode == null && child.signalCode == null) child.kill('SIGTERM')
      await exited
    }
  }
}

export interface QueueSetup { url: string, prefix: string, clock?: ManualClock, dir?: string }

/** A bot whose deploys are queued: REDIS_URL and the prefix in its config, its store on the same prefix. */
export async function startQueueBot (setup: QueueSetup): Promise<DeployBot> {
  return await startDeployBot({
    clock: setup.clock ?? new ManualClock(),
    store: new RedisStore(redisClient(setup.url, 'deploy-queue-test'), setup.prefix),
    yaml: QUEUE_APPS,
    dir: setup.dir,
    env: { REDIS_URL: setup.url, HUBOT_REDIS_PREFIX: setup.prefix }
  })
}

/** The BullMQ queue the bots and workers share, for looking at a job's state. */
export function testQueue (url: string, prefix: string): { queue: Queue, close: () => Promise<void> } {
  const connection = new Redis(url, { maxRetriesPerRequest: null })
  const queue = new Queue('deploys', { connection, prefix: `${prefix}bull` })
  return { queue, close: async () => { await queue.close(); connection.disconnect() } }
}

/** Polls (real time, 20 ms steps) until `check` holds. */
export async function eventually (check: () => boolean | Promise<boolean>, withinMs = 10_000): Promise<void> {
  for (let waited = 0; waited < withinMs; waited += 20) {
    if (await check()) return
    await new Promise(resolve => setTimeout(resolve, 20))
  }
  throw new Error(`not true within ${withinMs} ms: ${check.toString()}`)
}
