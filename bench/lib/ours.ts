// Our robot as `npm start` builds it (createBot with every script, the middleware,
// external-scripts.json, the configured persistence), driven through the CountingAdapter
// that stock hubot (bench/lib/stock.ts) uses too. Its modules are the build's (lib/build.ts).
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { Writable } from 'node:stream'
import type * as ConfigModule from '../../src/core/config.ts'
import type * as LogModule from '../../src/core/log.ts'
import type * as PersistenceModule from '../../src/runtime/persistence.ts'
import type * as BotModule from '../../src/runtime/bot.ts'
import type { Bot } from '../../src/runtime/bot.ts'
import { CountingAdapter, textMessage, type Side } from './adapter.ts'
import { BUILD, ROOT, fromBuild } from './build.ts'

export type { Side } from './adapter.ts'

/** Log lines go nowhere, at the configured level: formatting them is part of the cost, the terminal is not. */
const discard = (): Writable => new Writable({ write (_chunk, _enc, done) { done() } })

export interface OursOptions {
  env?: Record<string, string>
  /** Start the HTTP server (webhooks); default off. */
  httpd?: boolean
}

export async function startOurs (options: OursOptions = {}): Promise<Side & { bot: Bot }> {
  const { readConfig } = await fromBuild<typeof ConfigModule>('src/core/config.js')
  const { createLogger } = await fromBuild<typeof LogModule>('src/core/log.js')
  const { createPersistence } = await fromBuild<typeof PersistenceModule>('src/runtime/persistence.js')
  const { createBot } = await fromBuild<typeof BotModule>('src/runtime/bot.js')
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
    scriptsDir: path.join(BUILD, 'scripts'),
    externalScriptsFile: path.join(ROOT, 'external-scripts.json')
  })
  await bot.start()
  const { work } = bot.context
  return {
    bot,
    robot: bot.robot,
    adapter,
    say: async (userId, text) => {
      await work.track(bot.robot.receive(textMessage(bot.robot, userId, text)))
      await work.idle()
    },
    stop: async () => {
      await bot.stop()
      await rm(dir, { recursive: true, force: true })
    }
  }
}
