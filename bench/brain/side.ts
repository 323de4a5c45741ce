// One side of the brain benchmark in its own process, driven by the parent over IPC
// (bench/brain/driver.ts): a robot with 10,000 users in one brain, then idle windows and
// user changes on command. Kinds:
//   ours        our robot as `npm start` builds it (createBot, createPersistence: the Redis
//               brain with REDIS_URL, else the file brain), with no scripts, from the build
//               (bench/lib/build.ts)
//   ours-reader a second process of ours on the same Redis, that reports when a change arrives
//   peer-redis  stock hubot 14 with hubot-redis-brain 3.0.1 (REDIS_URL)
//   stock       stock hubot 14 with its in-memory brain (nothing saved)
// The child measures its own CPU, event-loop delay and the bytes its file brain and store
// write; the parent reads Redis's byte counters.
import { readFileSync } from 'node:fs'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { Writable } from 'node:stream'
import { setTimeout as sleep } from 'node:timers/promises'
import hubot, { type Robot } from 'hubot'
import type * as ConfigModule from '../../src/core/config.ts'
import type * as LogModule from '../../src/core/log.ts'
import type * as PersistenceModule from '../../src/runtime/persistence.ts'
import type * as BotModule from '../../src/runtime/bot.ts'
import type * as BrainModule from '../../src/brain/index.ts'
import type * as StoreModule from '../../src/store/index.ts'
import { fromBuild } from '../lib/build.ts'
import { TestAdapter } from '../../test/helpers/test-adapter.ts'
import type { Reply, Request } from './protocol.ts'

const kind = process.argv[2]
const users = Number(process.env.BENCH_USERS ?? 10_000)
const { Robot: RobotClass } = hubot as unknown as { Robot: new (...args: ConstructorParameters<typeof Robot>) => Robot }
const adapter = { use: (robot: Robot) => new TestAdapter(robot) }
const discard = (): Writable => new Writable({ write (_chunk, _enc, done) { done() } })

interface Side { robot: Robot, saveNow: () => Promise<void>, stop: () => Promise<void> }

// Bytes handed to the embedded mode's atomic file writer (brain and store files): its
// injection point, so nothing else the process writes (tsx's once-a-second ping to its
// esbuild service, IPC) is counted. Redis sides are counted by Redis instead.
let fileBytes = 0

async function startOurs (): Promise<Side> {
  const { readConfig } = await fromBuild<typeof ConfigModule>('src/core/config.js')
  const { createLogger } = await fromBuild<typeof LogModule>('src/core/log.js')
  const { createPersistence } = await fromBuild<typeof PersistenceModule>('src/runtime/persistence.js')
  const { createBot } = await fromBuild<typeof BotModule>('src/runtime/bot.js')
  const { saveBrainNow } = await fromBuild<typeof BrainModule>('src/brain/index.js')
  const { writeFileAtomic } = await fromBuild<typeof StoreModule>('src/store/index.js')
  const countingWrite = async (file: string, text: string): Promise<void> => {
    fileBytes += Buffer.byteLength(text)
    await writeFileAtomic(file, text)
  }
  const config = readConfig({ ...process.env as Record<string, string>, HUBOT_LOG_LEVEL: 'error', PORT: '0' })
  const log = createLogger({ level: 'error', destination: discard(), name: config.bot.name, format: config.bot.logFormat })
  const { brain, store } = await createPersistence(config, log, { write: countingWrite })
  const bot = await createBot({ config, log, adapter, brain, store, httpd: false, scripts: [], externalScriptsFile: null })
  await bot.start()
  return { robot: bot.robot, saveNow: async () => { await saveBrainNow(bot.robot) }, stop: () => bot.stop() }
}

async function startStock (withRedisBrain: boolean): Promise<Side> {
  // Stock hubot's own pino logger: errors only, as ours.
  process.env.HUBOT_LOG_LEVEL = 'error'
  const robot = new RobotClass(adapter, false, 'hubot', false)
  await robot.loadAdapter()
  if (withRedisBrain) {
    const loaded = new Promise<void>(resolve => robot.brain.once('connected', () => resolve()))
    const { default: load } = await import('hubot-redis-brain')
    await load(robot)
    await loaded
  }
  // hubot's run() (not in its typings): the null router, the adapter, then 'running', which starts the brain's 5 s save timer.
  await (robot as unknown as { run: () => Promise<void> }).run()
  // hubot-redis-brain writes on every 'save' (hubot's timer: every 5 s), without a way to
  // wait for it: the parent watches Redis's byte counter instead.
  return { robot, saveNow: async () => { robot.brain.save() }, stop: async () => { robot.shutdown() } }
}

/** Adds `count` users as an adapter does (userForId with the fields it knows). */
function seed (robot: Robot, count: number): void {
  for (let i = 0; i < count; i++) {
    const id = `U${String(i).padStart(6, '0')}`
    robot.brain.userForId(id, { name: `user${i}`, real_name: `Bench User ${i}`, email_address: `user${i}@example.com`, room: 'general', roles: i % 10 === 0 ? ['deployers'] : [] })
  }
}

async function idle (ms: number): Promise<Reply> {
  const written = fileBytes
  const cpu = process.cpuUsage()
  await sleep(ms)
  const used = process.cpuUsage(cpu)
  return { kind: 'idle', cpuMs: (used.user + used.system) / 1000, written: fileBytes - written }
}

async function loopDelay (ms: number): Promise<Reply> {
  const histogram = monitorEventLoopDelay({ resolution: 10 })
  histogram.enable()
  await sleep(ms)
  histogram.disable()
  return { kind: 'loop', maxMs: histogram.max / 1e6, p99Ms: histogram.percentile(99) / 1e6 }
}

/** A role granted to user `n`: fetched through userForId and changed, as a script does, then saved. */
async function change (side: Side, n: number): Promise<Reply> {
  const written = fileBytes
  const at = Date.now()
  const user = side.robot.brain.userForId(`U${String(n).padStart(6, '0')}`) as unknown as { roles?: string[] }
  user.roles = [...(user.roles ?? []), `bench-${n}`]
  await side.saveNow()
  return { kind: 'changed', at, savedMs: Date.now() - at, written: fileBytes - written }
}

/** Resolves with the time user `n` is seen holding the role change() gives it. */
async function arrival (robot: Robot, n: number, timeoutMs: number): Promise<Reply> {
  const id = `U${String(n).padStart(6, '0')}`
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const roles = (robot.brain.data.users[id] as unknown as { roles?: string[] } | undefined)?.roles ?? []
    if (roles.includes(`bench-${n}`)) return { kind: 'arrived', at: Date.now() }
    await sleep(2)
  }
  return { kind: 'arrived', at: null }
}

async function main (): Promise<void> {
  const side = kind === 'peer-redis' ? await startStock(true) : kind === 'stock' ? await startStock(false) : await startOurs()
  if (kind !== 'ours-reader') {
    seed(side.robot, users)
    await side.saveNow()
  }
  const send = (reply: Reply): void => { process.send?.(reply) }
  process.on('message', (request: Request) => {
    const answer = async (): Promise<Reply> => {
      switch (request.cmd) {
        case 'idle': return await idle(request.ms)
        case 'loop': return await loopDelay(request.ms)
        case 'change': return await change(side, request.n)
        case 'arrival': return await arrival(side.robot, request.n, request.timeoutMs)
        case 'stop':
          await side.stop()
          return { kind: 'stopped' }
      }
    }
    answer().then(
      reply => { process.send?.(reply, () => { if (reply.kind === 'stopped') process.exit(0) }) },
      (err: unknown) => { send({ kind: 'error', message: err instanceof Error ? err.stack ?? err.message : String(err) }) })
  })
  send({ kind: 'ready', users: Object.keys(side.robot.brain.data.users).length, hubotRedisBrain: peerVersion() })
}

function peerVersion (): string | null {
  if (kind !== 'peer-redis') return null
  const pkg = JSON.parse(readFileSync(new URL('../../node_modules/hubot-redis-brain/package.json', import.meta.url), 'utf8')) as { version: string }
  return pkg.version
}

main().catch((err: unknown) => {
  process.send?.({ kind: 'error', message: err instanceof Error ? err.stack ?? err.message : String(err) } satisfies Reply)
  process.exitCode = 1
})
