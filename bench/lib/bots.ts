// The two robots every comparison drives: ours, built as `npm start` builds it (createBot
// with every script, the middleware, external-scripts.json, the configured persistence),
// and stock hubot 14 with as many trivial listeners. Both use the same CountingAdapter.
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { Writable } from 'node:stream'
import hubot, { type Robot } from 'hubot'
import { readConfig } from '../../src/core/config.ts'
import { createLogger } from '../../src/core/log.ts'
import { createPersistence } from '../../src/runtime/persistence.ts'
import { createBot, type Bot } from '../../src/runtime/bot.ts'
import { CountingAdapter } from './adapter.ts'

const ROOT = path.resolve(import.meta.dirname, '..', '..')

export interface Side {
  robot: Robot
  adapter: CountingAdapter
  /** Delivers `text` from `userId` and resolves when every listener (and work it started) is done. */
  say (userId: string, text: string): Promise<void>
  stop (): Promise<void>
}

/** Log lines go nowhere, at the configured level: formatting them is part of the cost, the terminal is not. */
const discard = (): Writable => new Writable({ write (_chunk, _enc, done) { done() } })

export interface OursOptions {
  env?: Record<string, string>
  /** Start the HTTP server (webhooks); default off. */
  httpd?: boolean
}

export async function startOurs (options: OursOptions = {}): Promise<Side & { bot: Bot }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-ours-'))
  const config = readConfig({ HUBOT_BRAIN_FILE: path.join(dir, 'brain.json'), PORT: '0', EXPRESS_BIND_ADDRESS: '127.0.0.1', ...options.env })
  process.env.HUBOT_LOG_LEVEL = config.bot.logLevel
  const log = createLogger({ level: config.bot.logLevel, destination: discard(), name: config.bot.name, format: config.bot.logFormat })
  const { brain, store } = await createPersistence(config, log)
  let adapter!: CountingAdapter
  const bot = await createBot({
    config,
    log,
    adapter: { use: (robot) => { adapter = new CountingAdapter(robot); return adapter } },
    brain,
    store,
    httpd: options.httpd ?? false,
    scriptsDir: path.join(ROOT, 'scripts'),
    externalScriptsFile: path.join(ROOT, 'external-scripts.json')
  })
  await bot.start()
  const { work } = bot.context
  return {
    bot,
    robot: bot.robot,
    adapter,
    say: async (userId, text) => {
      await work.track(bot.robot.receive(message(bot.robot, userId, text)))
      await work.idle()
    },
    stop: async () => {
      await bot.stop()
      await rm(dir, { recursive: true, force: true })
    }
  }
}

const { Robot: RobotClass } = hubot as unknown as { Robot: new (...args: ConstructorParameters<typeof Robot>) => Robot }

/**
 * Stock hubot 14: `listeners` respond listeners in all (one of them the catch-all), the
 * first ones answering the commands the benchmark says with a fixed line, the rest
 * matching nothing it says. `extra` adds the caller's own listeners first.
 */
export async function startStock (listeners: number, extra: (robot: Robot) => void = () => {}): Promise<Side> {
  // Its pino logger writes to stdout, which the benchmark's children discard.
  process.env.HUBOT_LOG_LEVEL = 'info'
  let adapter!: CountingAdapter
  const robot = new RobotClass({ use: (r: Robot) => { adapter = new CountingAdapter(r); return adapter } }, false, 'hubot', false)
  await robot.loadAdapter()
  extra(robot)
  const answers: Array<[RegExp, string]> = [
    [/help(?:\s+(.+))?$/i, 'hubot help - every command'],
    [/what roles do I have$/i, 'You have no roles.'],
    [/pager incidents$/i, 'No open incidents.']
  ]
  for (const [regex, text] of answers) robot.respond(regex, async (res) => { await res.send(text) })
  for (let i = robot.listeners.length; i < listeners - 1; i++) robot.respond(new RegExp(`trivial command ${i}$`, 'i'), async (res) => { await res.send(`trivial ${i}`) })
  const addressed = robot.respondPattern(/(.+)/i)
  robot.catchAll(async (res) => {
    const original = (res.message as unknown as { message?: unknown }).message
    if (original instanceof hubot.TextMessage && addressed.test(original.text)) await res.send('I don\'t know that one.')
  })
  await adapter.run()
  return {
    robot,
    adapter,
    say: async (userId, text) => { await robot.receive(message(robot, userId, text)) },
    stop: async () => { robot.shutdown() }
  }
}

let sequence = 0
function message (robot: Robot, userId: string, text: string): InstanceType<typeof hubot.TextMessage> {
  const user = robot.brain.userForId(userId, { name: userId, room: 'general' })
  return new hubot.TextMessage(user, text, `bench-${++sequence}`)
}
