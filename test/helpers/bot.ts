// Starts a real robot for a test: real Hubot, real listener middleware, real scripts,
// the test adapter, memory persistence unless a test brings its own, a captured log.
import { Writable } from 'node:stream'
import path from 'node:path'
import hubot from 'hubot'
import { readConfig } from '../../src/core/config.ts'
import { createLogger } from '../../src/core/log.ts'
import { shippingFrom, type ShippingOptions } from '../../src/core/log-shipping.ts'
import { createBot, type Bot } from '../../src/runtime/bot.ts'
import { MemoryBrain, type BrainPersistence } from '../../src/brain/index.ts'
import type { Clock } from '../../src/core/clock.ts'
import { MemoryStore, type SharedStore } from '../../src/store/index.ts'
import { TestAdapter, type Said } from './test-adapter.ts'

export const ROOT = path.resolve(import.meta.dirname, '..', '..')

export class LogCapture extends Writable {
  readonly lines: Array<Record<string, unknown>> = []
  raw = ''
  _write (chunk: Buffer, _enc: string, done: () => void): void {
    this.raw += chunk.toString()
    for (const line of chunk.toString().split('\n').filter(Boolean)) this.lines.push(JSON.parse(line) as Record<string, unknown>)
    done()
  }

  audit (): Array<Record<string, unknown>> { return this.lines.filter(l => l.audit === true) }
}

/**
 * Time that moves only when a test says so (advance) or when the code sleeps: a sleep is
 * recorded, moves time on by its length and returns on the next turn of the event loop,
 * so waits cost no real time and tests can assert the waits the code chose.
 */
export class ManualClock implements Clock {
  /** Every sleep asked for, in order, in ms. */
  readonly sleeps: number[] = []
  constructor (public ms = Date.parse('2026-11-25T12:00:00Z')) {}
  now (): number { return this.ms }
  advance (ms: number): void { this.ms += ms }
  async sleep (ms: number): Promise<void> {
    this.sleeps.push(ms)
    this.ms += ms
    // Yield like a real timer would, so work queued meanwhile (another lane, a reply) runs.
    await new Promise(resolve => setImmediate(resolve))
  }
}

export interface TestBotOptions {
  env?: Record<string, string>
  scripts?: string[]
  brain?: BrainPersistence
  store?: SharedStore
  clock?: Clock
  httpd?: boolean
  fetch?: typeof fetch
  /** Overrides of the Elasticsearch log shipping (on when HUBOT_LOG_ELASTICSEARCH_URL is set). */
  logShipping?: Partial<ShippingOptions>
}

export interface TestBot extends Bot {
  adapter: TestAdapter
  logs: LogCapture
  /** Says `text` as `userId` (in `room`, default "general") and waits for every listener. */
  say (userId: string, text: string, options?: { room?: string, name?: string }): Promise<string[]>
  /** Everything the bot said so far, as text. */
  said (): string[]
}

export async function startTestBot (options: TestBotOptions = {}): Promise<TestBot> {
  const logs = new LogCapture()
  const config = readConfig({ HUBOT_LOG_LEVEL: 'debug', PORT: '0', EXPRESS_BIND_ADDRESS: '127.0.0.1', ...options.env })
  const shipping = shippingFrom(config)
  const log = createLogger({
    level: config.bot.logLevel, destination: logs, name: config.bot.name, format: config.bot.logFormat, shipping: shipping != null ? { ...shipping, ...options.logShipping } : null
  })
  let adapter!: TestAdapter
  const bot = await createBot({
    config,
    log,
    adapter: { use: (robot) => { adapter = new TestAdapter(robot); return adapter } },
    brain: options.brain ?? new MemoryBrain(),
    store: options.store ?? new MemoryStore({ clock: options.clock }),
    httpd: options.httpd ?? false,
    scriptsDir: path.join(ROOT, 'scripts'),
    scripts: options.scripts ?? ['help.ts'],
    externalScriptsFile: null,
    clock: options.clock,
    fetch: options.fetch
  })
  await bot.start()
  return {
    ...bot,
    adapter,
    logs,
    async say (userId, text, sayOptions = {}) {
      const before = adapter.said.length
      const user = bot.robot.brain.userForId(userId, { name: sayOptions.name ?? userId })
      if (sayOptions.name != null) user.name = sayOptions.name
      user.room = sayOptions.room ?? 'general'
      const message = new hubot.TextMessage(user, text, `m${before}`)
      await bot.context.work.track(bot.robot.receive(message))
      await bot.context.work.idle()
      return adapter.said.slice(before).map((s: Said) => s.text)
    },
    said: () => adapter.said.map(s => s.text)
  }
}
