// Builds a robot the way main.ts and the tests both need it, each step awaited in order:
// persistence -> HTTP server -> adapter -> middleware -> scripts -> external scripts;
// start() then connects the adapter. hubot's bin/hubot does not await external scripts,
// crashes on a bad entry, and only creates robot.router inside run(): we own this.
import { readFile, readdir } from 'node:fs/promises'
import path from 'node:path'
import hubot, { type AdapterModule, type Robot } from 'hubot'
import type { Config } from '../core/config.ts'
import { setBotContext, type BotContext } from '../core/context.ts'
import { installErrorSink } from './error-sink.ts'
import { installLineLimit } from './receive-limit.ts'
import { installReceiveTurns } from './receive-turns.ts'
import type { HttpServer } from '../http/server.ts'
import type { Logger } from '../core/log.ts'
import type { BrainPersistence } from '../brain/index.ts'
import type { SharedStore } from '../store/index.ts'
import { systemClock, type Clock } from '../core/clock.ts'
import { WorkTracker } from '../core/work-tracker.ts'
import { installMiddleware } from '../../middleware/index.ts'
import { registerHealthRoute } from '../http/health.ts'
import { WEBHOOK_PATHS } from '../http/webhooks/paths.ts'
import { announceRunning, patchRobot, setRouter, stopBrainTimer } from './hubot-compat.ts'
import { createMetrics, setMetrics } from '../core/metrics.ts'
import { METRICS_PATH, registerMetricsRoute } from '../http/metrics.ts'
import { installCommandMetrics } from './command-metrics.ts'
import { measuredFetch } from './vendor-metrics.ts'
import { vendorFetch } from '../services/http/vendor-fetch.ts'
import { countedStore } from './store-metrics.ts'
import { TREE_ROOT } from '../core/project-root.ts'
import { OWN_SCRIPTS } from './own-scripts.ts'

/** The bot's own scripts: scripts/ beside this tree (the compiled ones when running from dist/). */
export const SCRIPTS_DIR = path.join(TREE_ROOT, 'scripts')

export interface BotOptions {
  config: Config
  log: Logger
  adapter: AdapterModule
  brain: BrainPersistence
  store: SharedStore
  /** false: no HTTP server (hubot's -d/--disable-httpd). */
  httpd?: boolean
  scriptsDir?: string
  /** Only these script files (tests); default every file in scriptsDir. */
  scripts?: string[]
  externalScriptsFile?: string | null
  clock?: Clock
  fetch?: typeof fetch
}

export interface Bot {
  robot: Robot
  context: BotContext
  http: HttpServer | null
  /** Connects the adapter: messages start flowing. */
  start (): Promise<void>
  /** Stops taking messages, waits (bounded) for running work, flushes and closes. */
  stop (): Promise<void>
}

const { Robot: RobotClass } = hubot as unknown as { Robot: new (...args: ConstructorParameters<typeof Robot>) => Robot }

export async function createBot (options: BotOptions): Promise<Bot> {
  const { config, log } = options
  const robot = new RobotClass(options.adapter, false, config.bot.name, config.bot.alias ?? false)
  // Before anything logs, creates a user or registers a listener.
  patchRobot(robot, log)

  const work = new WorkTracker()
  const clock = options.clock ?? systemClock
  const metrics = createMetrics()
  setMetrics(robot, metrics)
  const context: BotContext = {
    config, log, store: countedStore(options.store, robot), clock, work, fetch: measuredFetch(options.fetch ?? vendorFetch, metrics, config, clock)
  }
  setBotContext(robot, context)
  installCommandMetrics(robot, metrics, clock)
  installErrorSink(robot, log)

  await options.brain.attach(robot)

  let http: HttpServer | null = null
  if (options.httpd !== false) {
    // Loaded only with the server on: express is most of what a start with -d skips.
    const { startHttpServer } = await import('../http/server.ts')
    // Webhook routes authenticate each delivery by its signature, not by basic auth.
    http = await startHttpServer({
      ...config.http, name: config.bot.name, log: log.child({ component: 'http' }), publicPaths: ['/hubot/health', METRICS_PATH, ...WEBHOOK_PATHS], rawBodyPaths: [...WEBHOOK_PATHS]
    })
    setRouter(robot, http, log)
    registerHealthRoute(robot, { brain: options.brain, store: options.store })
    // Public to the server's basic auth: the route checks basic auth or its bearer token itself.
    registerMetricsRoute(robot, () => metrics.registry, { basicAuth: config.http.basicAuth, token: config.observability.metricsToken })
  } else {
    setRouter(robot, null, log)
  }

  await robot.loadAdapter()
  metrics.outbox.depth = () => {
    const depth = (robot.adapter as { outboxDepth?: unknown } | undefined)?.outboxDepth
    return typeof depth === 'number' ? depth : 0
  }
  // First receive middleware: lines arriving together are taken one per event-loop turn.
  installReceiveTurns(robot)
  // Then an over-long line never reaches a listener's regex.
  installLineLimit(robot, log)
  installMiddleware(robot)
  await loadScripts(robot, options.scriptsDir ?? SCRIPTS_DIR, options.scripts, log)
  if (options.externalScriptsFile !== null) {
    await loadExternalScripts(robot, options.externalScriptsFile ?? path.resolve('external-scripts.json'), log)
  }

  let stopping: Promise<void> | null = null
  return {
    robot,
    context,
    http,
    start: async () => {
      await robot.adapter.run()
      announceRunning(robot)
      log.info({ adapter: robot.adapterName, bot_name: robot.name }, 'bot started')
    },
    stop: async () => {
      stopping ??= stop(robot, context, options, http)
      await stopping
    }
  }
}

async function stop (robot: Robot, context: BotContext, options: BotOptions, http: HttpServer | null): Promise<void> {
  const { log, work, config } = context
  work.stopAccepting()
  const finished = await work.idleWithin(config.bot.shutdownTimeoutMs)
  if (!finished) log.warn({ running: work.size }, 'shutdown: work still running after the timeout; stopping anyway')
  await flushAdapter(robot, config.bot.shutdownTimeoutMs, log)
  try { robot.adapter?.close() } catch (err) { log.warn({ err }, 'adapter close failed') }
  robot.events.removeAllListeners()
  stopBrainTimer(robot)
  let unsaved: unknown = null
  await options.brain.flush().catch((err: unknown) => {
    unsaved = err
    log.error({ err }, 'shutdown: brain flush failed; changes since the last save are lost')
  })
  await options.brain.close().catch((err: unknown) => log.error({ err }, 'shutdown: brain close failed'))
  await options.store.close().catch((err: unknown) => log.error({ err }, 'shutdown: store close failed'))
  await http?.close()
  // Everything is closed either way; the caller (main: the exit code) must still learn
  // that this shutdown lost data, not see a clean stop.
  if (unsaved != null) throw new Error('shutdown: the brain could not be saved; changes made since its last save are lost', { cause: unsaved })
  log.info('bot stopped')
}

// Messages an adapter still has queued (Slack spaces posts a second apart per channel) go
// out before the process exits; bounded like the listeners, so both fit in the 30 s
// Heroku waits after SIGTERM.
async function flushAdapter (robot: Robot, timeoutMs: number, log: Logger): Promise<void> {
  const adapter = robot.adapter as unknown as { flush?: () => Promise<void> } | undefined
  if (typeof adapter?.flush !== 'function') return
  let timer: NodeJS.Timeout | undefined
  const timedOut = new Promise<boolean>(resolve => { timer = setTimeout(() => resolve(true), timeoutMs) })
  try {
    const late = await Promise.race([adapter.flush().then(() => false), timedOut])
    if (late) log.warn('shutdown: queued chat messages not all sent within the timeout; they are lost')
  } catch (err) {
    log.warn({ err }, 'shutdown: adapter flush failed')
  } finally {
    clearTimeout(timer)
  }
}

async function loadScripts (robot: Robot, dir: string, only: string[] | undefined, log: Logger): Promise<void> {
  const files = only ?? (await readdir(dir)).filter(f => /\.(ts|mjs|js)$/.test(f) && !f.endsWith('.d.ts')).sort()
  const own = path.resolve(dir) === SCRIPTS_DIR
  for (const file of files) {
    // A broken script is reported by name; the others still load.
    try {
      const load = own ? OWN_SCRIPTS[path.basename(file, path.extname(file))] : undefined
      if (load == null) {
        await robot.loadFile(dir, file)
      } else {
        // As loadFile does: the script's default export, then its header's help lines.
        await (await load()).default(robot)
        robot.parseHelp(path.join(dir, file))
      }
    } catch (err) {
      log.error({ err, script: file }, `script ${file} failed to load`)
    }
  }
}

async function loadExternalScripts (robot: Robot, file: string, log: Logger): Promise<void> {
  let names: string[]
  try {
    const json = JSON.parse(await readFile(file, 'utf8')) as unknown
    names = Array.isArray(json) ? json.map(String) : Object.keys(json as object)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return
    log.error({ err, file }, 'external-scripts.json is not a JSON list of package names; none loaded')
    return
  }
  for (const name of names) {
    try {
      const mod = await import(name) as { default?: unknown }
      if (typeof mod.default !== 'function') throw new Error('it has no default export function')
      await (mod.default as (r: Robot) => unknown)(robot)
    } catch (err) {
      log.error({ err, package: name }, `external script ${name} failed to load; the others still load`)
    }
  }
}
