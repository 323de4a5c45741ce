// Deploys' public face, for scripts/deploy.ts and the runtime: the configuration file,
// the runner interface, the local runner and the queue runner (REDIS_URL: runs are BullMQ
// jobs on deploy workers, worker.ts), locks, history and the per-robot service.
// Code outside deploy/ imports from here; modules inside import each other.
import type { Robot } from 'hubot'
import { botContext } from '../core/context.ts'
import { chooseConfigFile, loadDeployConfig } from './config.ts'
import { Deploys, type DeployOptions } from './deploys.ts'
import { LocalRunner, type Runner } from './runner.ts'
import { gitHubFor } from '../services/github/index.ts'

export { chooseConfigFile, DeployConfigError, EXAMPLE_FILE, loadDeployConfig, RESERVED_TASKS, type DeployConfig } from './config.ts'
export { checkRef, findApp, findEnv, type DeployRequest } from './target.ts'
export { childEnv, LocalRunner, PASSED_ENV, type Runner, type RunHandle, type RunResult, type RunSpec } from './runner.ts'
// The worker entry (runtime/worker.ts) imports startDeployWorker from worker.ts itself: as a
// value export here it would load BullMQ into every bot start.
export type { DeployWorker } from './worker.ts'
export { DEFAULT_LOCK_MS, type Lock } from './locks.ts'
export { HISTORY_CAP, type RunRecord } from './history.ts'
export { durationText, summaryText } from './status.ts'
export { Deploys, lockText, type Requester } from './deploys.ts'
export { pinKey, type Held } from './pins.ts'
export { withChange } from './changes.ts'

export interface CreateDeploysOptions {
  runner?: Runner
  /** The bot's environment, read only for PATH, HOME, LANG and the tasks' `env:` names. */
  env?: NodeJS.ProcessEnv
  audit: DeployOptions['audit']
}

/**
 * Loads the configured (or the shipped example) file, says at start which one, and marks
 * runs left in flight by a previous start as interrupted (queued runs are reported on).
 * With REDIS_URL runs are queued for deploy workers, else run in this process. Throws
 * DeployConfigError.
 */
export async function createDeploys (robot: Robot, options: CreateDeploysOptions): Promise<Deploys> {
  const ctx = botContext(robot)
  const { file, example } = chooseConfigFile(ctx.config.deploy.configFile)
  const config = loadDeployConfig(file)
  const redis = ctx.config.persistence.redis
  const log = ctx.log.child({ script: 'deploy' })
  let runner = options.runner
  const queued = runner == null && redis != null
  if (queued) {
    // BullMQ (some two hundred modules) is loaded only when runs are queued: with REDIS_URL.
    const { QueueRunner } = await import('./queue-runner.ts')
    runner = new QueueRunner({ redis, clock: ctx.clock, log, accepting: () => ctx.work.isAccepting })
  }
  runner ??= new LocalRunner(options.env)
  const deploys = new Deploys(robot, { config, runner, logUrl: ctx.config.deploy.logUrl, audit: options.audit,
    github: () => gitHubFor(robot).client, breakGlass: ctx.config.approval.breakGlass
  })
  log.info({ file, example, apps: Object.keys(config.apps) },
    example ? `deploy: no HUBOT_DEPLOY_CONFIG and no deploy.yaml here, so the shipped example ${file} is loaded` : `deploy: configuration loaded from ${file}`)
  if (queued) log.info('deploy: runs are queued in Redis for deploy workers (npm run worker)')
  await deploys.recover()
  return deploys
}
