// Deploys as BullMQ jobs on real worker processes, with real Redis: a run outlives the bot
// that started it and its end is reported by the next one; a worker killed mid-run ends
// the run failed (never run again) and frees app+env; a cancel from another bot process
// reaches the worker; a job with no worker alive is said in the room; two workers run two
// apps at once while one app+env still runs once at a time.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, test } from '@jest/globals'
import { ManualClock } from '../helpers/bot.ts'
import { redisUrlOrSkip, uniquePrefix } from '../helpers/requirements.ts'
import { cleanUp, redisClient } from '../helpers/redis.ts'
import { quit } from '../../src/store/redis-client.ts'
import { alive, pidIn, tell, until, type DeployBot } from './harness.ts'
import { eventually, startQueueBot, startWorker, testQueue, type WorkerProcess } from './queue-harness.ts'

const url = await redisUrlOrSkip()
const maybe = url == null ? describe.skip : describe
const bots: DeployBot[] = []
const workers: WorkerProcess[] = []
const groups: number[] = []
let prefix = ''

afterEach(async () => {
  // Gates left closed by a failed test would keep their tasks, and so their workers' stop, waiting.
  for (const b of bots) writeFileSync(path.join(b.dir, 'go'), '')
  for (const b of bots.splice(0)) await b.stop()
  for (const w of workers.splice(0)) await w.stop()
  // A task orphaned by a killed worker.
  for (const g of groups.splice(0)) { try { process.kill(-g, 'SIGKILL') } catch { /* gone */ } }
  if (url != null && prefix !== '') await cleanUp(url, prefix)
})

async function setup (options: { clock?: ManualClock } = {}): Promise<DeployBot> {
  prefix = uniquePrefix('deploy-queue')
  const bot = await startQueueBot({ url: url!, prefix, clock: options.clock })
  bots.push(bot)
  return bot
}
async function worker (env: Record<string, string> = {}): Promise<WorkerProcess> {
  const w = await startWorker(url!, prefix, env)
  workers.push(w)
  return w
}
const idIn = (text: string): string => /deploy ([A-Z2-9]{6}) started/.exec(text)?.[1] ?? ''

maybe('deploys on deploy workers', () => {
  test('a run survives a bot restart: the next bot process reports its end, without repeating its lines', async () => {
    const first = await setup()
    await worker()
    await tell(first, 'alice', 'hubot gate web to staging')
    const id = idIn(await until(first, /started/))
    await until(first, /^waiting for the gate$/, 10_000)

    // The job carries names, never values: the worker reads AWS_PROFILE from its own environment.
    const redis = redisClient(url!)
    const data = JSON.parse(await redis.hget(`${prefix}bull:deploys:${id}`, 'data') ?? '{}') as Record<string, unknown>
    await quit(redis)
    expect(Object.keys(data).sort()).toEqual(['argv', 'cwd', 'deployEnv', 'envNames', 'id', 'timeoutMs'])
    expect(data.envNames).toEqual(['AWS_PROFILE'])

    await first.stop() // the restart: the run goes on on its worker
    const second = await startQueueBot({ url: url!, prefix, dir: first.dir })
    bots.push(second)
    writeFileSync(path.join(first.dir, 'go'), '')
    expect(await until(second, new RegExp(`^deploy ${id} `), 10_000)).toMatch(new RegExp(`^deploy ${id} succeeded: gate web/main in staging in \\d+(ms|s), exit code 0\\.$`))
    expect(second.said()).toEqual(['through the gate', expect.stringMatching(/succeeded/)])
    expect(first.said().filter(t => /succeeded/.test(t))).toEqual([])
    expect(second.logs.audit().filter(a => a.event === 'deploy.finished')).toEqual([expect.objectContaining({ deploy_id: id, result: 'succeeded' })])
    // Its stored lines include those the first bot relayed.
    expect(await second.say('alice', `hubot deploy log ${id}`)).toEqual([`deploy ${id}, last 2 output lines:\n::chat:: waiting for the gate\n::chat:: through the gate`])
  }, 60_000)

  test('a worker killed mid-run: the run fails saying so, app+env is free again, and the job is never run again', async () => {
    const bot = await setup()
    const killed = await worker({ HUBOT_DEPLOY_WORKER_LOCK: '400ms' })
    await tell(bot, 'alice', 'hubot hang web to staging')
    const id = idIn(await until(bot, /started/))
    await until(bot, /^hanging$/, 10_000)
    const child = pidIn(bot.dir, 'child.pid')
    groups.push(child)
    killed.child.kill('SIGKILL')
    await killed.exited

    const end = await until(bot, new RegExp(`^deploy ${id} failed`), 10_000)
    expect(end).toMatch(new RegExp(`^deploy ${id} failed: hang web/main in staging in \\d+(ms|s), no exit code\\.\\nLast 2 output lines:\\n::chat:: hanging\\nthe deploy worker stopped mid-run \\(.+, pid ${killed.child.pid}\\): the job is not run again; its task may still be running there, so check before deploying again$`))
    expect(await bot.say('alice', 'hubot where can I deploy web')).toEqual([expect.not.stringMatching(/running/)])
    expect(bot.logs.audit().find(a => a.event === 'deploy.finished')).toMatchObject({ deploy_id: id, result: 'failed' })

    // A worker started afterwards finds the stalled job and fails it instead of running it.
    await worker({ HUBOT_DEPLOY_WORKER_LOCK: '400ms' })
    const { queue, close } = testQueue(url!, prefix)
    try {
      await eventually(async () => await queue.getJobState(id) === 'failed')
    } finally {
      await close()
    }
    expect(pidIn(bot.dir, 'child.pid')).toBe(child)
  }, 60_000)

  test('deploy cancel from another bot process reaches the worker, which kills the process group', async () => {
    const a = await setup()
    await worker()
    const b = await startQueueBot({ url: url!, prefix, dir: a.dir })
    bots.push(b)
    await tell(a, 'alice', 'hubot hang web to staging')
    const id = idIn(await until(a, /started/))
    await until(a, /^hanging$/, 10_000)
    expect(await b.say('bob', `hubot deploy cancel ${id}`)).toEqual([`cancelling deploy ${id}: stopping its process group.`])
    expect(await until(a, new RegExp(`^deploy ${id} cancelled`), 10_000)).toMatch(new RegExp(`^deploy ${id} cancelled by bob: hang web/main in staging after \\d+(ms|s); its process group was killed`))
    expect(await alive(pidIn(a.dir, 'grandchild.pid'))).toBe(false)
    expect(b.said().filter(t => /cancelled by/.test(t))).toEqual([])
    expect(a.logs.audit().find(a => a.event === 'deploy.finished')).toMatchObject({ deploy_id: id, result: 'cancelled', actor_id: 'bob' })
  }, 60_000)

  test('a job waiting over 30 s with no worker alive is said once in the room and keeps app+env; cancelling it removes the job', async () => {
    const clock = new ManualClock()
    const bot = await setup({ clock })
    await tell(bot, 'alice', 'hubot gate web to staging')
    const id = idIn(await until(bot, /started/))
    // app+env stays claimed while the job waits, however long: a claim shortened here is renewed.
    const redis = redisClient(url!)
    const claim = `${prefix}kv:deploy:running:web:staging`
    await redis.pexpire(claim, 5000)
    await eventually(async () => await redis.pttl(claim) > 5000)
    await quit(redis)
    clock.advance(31_000)
    expect(await until(bot, /no deploy worker/, 10_000)).toBe(`deploy ${id} is waiting: no deploy worker is running. Start one with "npm run worker" (on Heroku the Procfile's worker line: heroku ps:scale worker=1).`)
    await tell(bot, 'bob', `hubot deploy cancel ${id}`)
    expect(await until(bot, new RegExp(`^deploy ${id} cancelled`), 10_000)).toMatch(new RegExp(`^deploy ${id} cancelled by bob: gate web/main in staging`))
    expect(bot.said().filter(t => /no deploy worker/.test(t))).toHaveLength(1)
    expect(existsSync(path.join(bot.dir, 'gate-web.pid'))).toBe(false)
    // Nothing left for a worker started now.
    const { queue, close } = testQueue(url!, prefix)
    try {
      expect(await queue.getJobState(id)).toBe('unknown')
    } finally {
      await close()
    }
  }, 60_000)

  test('two workers run two apps at once; a second run of one app+env is refused as busy', async () => {
    const bot = await setup()
    const [one, two] = await Promise.all([worker({ HUBOT_DEPLOY_WORKER_CONCURRENCY: '1' }), worker({ HUBOT_DEPLOY_WORKER_CONCURRENCY: '1' })])
    await tell(bot, 'alice', 'hubot gate web to staging')
    await tell(bot, 'alice', 'hubot gate api to staging')
    // Both tasks run at the same time, each on its own worker (one job at a time each).
    await eventually(() => existsSync(path.join(bot.dir, 'gate-web.pid')) && existsSync(path.join(bot.dir, 'gate-api.pid')))
    const ran = (w: WorkerProcess): number => w.stderr().split('\n').filter(l => l.includes('deploy started on this worker')).length
    await eventually(() => ran(one) + ran(two) === 2)
    expect([ran(one), ran(two)]).toEqual([1, 1])

    await tell(bot, 'carol', 'hubot gate web to staging')
    expect(await until(bot, /^carol: /)).toMatch(/^carol: web in staging is busy: deploy [A-Z2-9]{6} \(gate\) is running; try again when it has finished\.$/)
    writeFileSync(path.join(bot.dir, 'go'), '')
    await eventually(() => bot.said().filter(t => / succeeded: gate /.test(t)).length === 2)
    expect(readFileSync(path.join(bot.dir, 'gate-web.pid'), 'utf8')).not.toBe(readFileSync(path.join(bot.dir, 'gate-api.pid'), 'utf8'))
  }, 60_000)
})
