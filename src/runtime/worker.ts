// Entry point of a deploy worker (`npm run worker`, the Procfile's `worker:` line): config
// -> logger -> the worker (src/deploy/worker.ts). SIGTERM/SIGINT stop taking jobs and let
// running ones finish; a dyno restart's 30 s may not be enough for a long deploy, which is
// then reported failed by the bot ("the deploy worker stopped mid-run"), never re-run.
import { createLogger, redactInLogs, scrubSecrets } from '../core/log.ts'
import { shippingFrom } from '../core/log-shipping.ts'
import { secretValuesOf } from '../core/redact.ts'
import { startDeployWorker, type DeployWorker } from '../deploy/worker.ts'
import { installShutdown, readConfigOrExit } from './lifecycle.ts'

async function main (): Promise<void> {
  const config = readConfigOrExit(process.env)
  const log = createLogger({ level: config.bot.logLevel, name: `${config.bot.name}-deploy-worker`, format: config.bot.logFormat, shipping: shippingFrom(config) })
  const secrets = secretValuesOf(config)
  redactInLogs(log, secrets)
  const redis = config.persistence.redis
  if (redis == null) {
    log.fatal('the deploy worker needs REDIS_URL: deploy jobs are queued in Redis (without it the bot runs deploys itself)')
    process.exit(1)
  }
  process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled promise rejection (the worker keeps running)'))

  let worker: DeployWorker | null = null
  const shutdown = installShutdown(log, { timeoutMs: config.bot.shutdownTimeoutMs, message: 'deploy worker shutting down: running deploys finish first', stop: async () => { await worker?.close() } })

  worker = await startDeployWorker({ redis, concurrency: config.deploy.workerConcurrency, lockMs: config.deploy.workerLockMs, env: process.env, secrets, log })
  if (shutdown.started) await worker.close()
}

main().catch((err: unknown) => {
  process.stderr.write(`deploy worker failed to start: ${scrubSecrets(err instanceof Error ? err.message : String(err))}\n`)
  process.exit(1)
})
