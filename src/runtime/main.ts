// Entry point: flags -> config -> logger -> persistence -> bot (HTTP server, adapter,
// middleware, scripts) -> adapter connects. Owns signals and process-level error handlers.
import { parseFlags, USAGE } from './flags.ts'
import { createLogger, scrubSecrets } from '../core/log.ts'
import { shippingFrom } from '../core/log-shipping.ts'
import { createPersistence } from './persistence.ts'
import { resolveAdapter } from '../adapters/index.ts'
import { createBot, type Bot } from './bot.ts'
import { inlineRuleKeys, unmatchedRules } from './rule-ids.ts'
import { startupWarnings } from './startup-warnings.ts'
import { installShutdown, readConfigOrExit } from './lifecycle.ts'

async function main (): Promise<void> {
  let flags
  try {
    flags = parseFlags(process.argv.slice(2))
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`)
    process.exit(2)
  }
  if (flags.help) {
    process.stdout.write(`${USAGE}\n`)
    return
  }

  const env = { ...process.env, ...flags.env }
  if (flags.configCheck) {
    // Loaded only here: the check builds a second robot with every script, which a start does not need.
    const { checkConfiguration } = await import('./config-check.ts')
    const { problems, warnings } = await checkConfiguration(env)
    for (const w of warnings) process.stderr.write(`warning: ${w}\n`)
    if (problems.length === 0) process.stdout.write('OK\n')
    else process.stderr.write(`Configuration problems:\n${problems.map(p => `  - ${p}`).join('\n')}\n`)
    // Exit now: a loaded script may have left a timer running.
    process.exit(problems.length === 0 ? 0 : 1)
  }

  const config = readConfigOrExit(env)

  // hubot's Robot constructor builds a pino logger (replaced at once) from this variable,
  // and pino refuses a level in any case but lower: HUBOT_LOG_LEVEL=INFO would end the start.
  process.env.HUBOT_LOG_LEVEL = config.bot.logLevel
  const log = createLogger({ level: config.bot.logLevel, name: config.bot.name, format: config.bot.logFormat, shipping: shippingFrom(config) })
  for (const warning of startupWarnings(config)) log.warn(warning)
  process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled promise rejection (the bot keeps running)'))
  process.on('uncaughtException', (err) => log.error({ err }, 'uncaught exception (the bot keeps running)'))

  let bot: Bot | null = null
  const shutdown = installShutdown(log, { timeoutMs: config.bot.shutdownTimeoutMs, message: 'shutting down', stop: async () => { await bot?.stop() } })

  const { brain, store } = await createPersistence(config, log)
  const adapter = await resolveAdapter(config.bot.adapter, { config, log, onEnd: () => shutdown('end of input') })
  bot = await createBot({ config, log, adapter, brain, store, httpd: flags.httpd })
  const ids = bot.robot.listeners.map(l => l.options?.id).filter((id): id is string => typeof id === 'string')
  for (const problem of unmatchedRules(config.approval.rules, ids, inlineRuleKeys(env.HUBOT_APPROVAL_RULES))) log.warn(problem)
  if (shutdown.started) return
  await bot.start()
}

main().catch((err: unknown) => {
  // Not through the logger (it may not exist yet), so scrubbed here: a client library's
  // connection error can carry the URL with its credentials.
  process.stderr.write(`hubot failed to start: ${scrubSecrets(err instanceof Error ? err.message : String(err))}\n`)
  process.exit(1)
})
