// What chat asked for, checked against the configuration: only configured names, a ref of
// a safe shape, a room the app may run from. Everything typed is data: it only ever
// becomes part of an argv element, never a program or a shell string.
import path from 'node:path'
import { BotError } from '../core/errors.ts'
import { quoteInput } from '../chat/quote.ts'
import { timeoutOf, type AppConfig, type DeployConfig, type TaskConfig } from './config.ts'

const REF = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,99}$/

export interface DeployRequest { task: string, app: string, ref: string | null, env: string, room: string }

export interface Target {
  task: string
  app: string
  ref: string
  env: string
  appConfig: AppConfig
  taskConfig: TaskConfig
  timeoutMs: number
}

const names = (o: object): string => Object.keys(o).join(', ')

export function findApp (config: DeployConfig, app: string): AppConfig {
  const found = Object.hasOwn(config.apps, app) ? config.apps[app] : undefined
  if (found == null) throw new BotError('not_found', `I don't know an app called "${quoteInput(app)}"; the apps are ${names(config.apps) || 'none'}.`)
  return found
}

export function findEnv (appConfig: AppConfig, app: string, env: string): void {
  if (!Object.hasOwn(appConfig.environments, env)) {
    throw new BotError('not_found', `${app} has no environment "${quoteInput(env)}"; its environments are ${names(appConfig.environments)}.`)
  }
}

export function checkRef (ref: string): void {
  if (!REF.test(ref) || ref.includes('..')) {
    throw new BotError('bad_input', `"${quoteInput(ref)}" is not a ref I will pass on: use letters, digits and ._/- (starting with a letter or digit, at most 100, no "..").`)
  }
}

/** The checked target; a BotError saying what is wrong otherwise. */
export function resolveTarget (config: DeployConfig, req: DeployRequest): Target {
  const appConfig = findApp(config, req.app)
  findEnv(appConfig, req.app, req.env)
  const taskConfig = Object.hasOwn(appConfig.tasks, req.task) ? appConfig.tasks[req.task] : undefined
  if (taskConfig == null) throw new BotError('not_found', `${req.app} has no task "${quoteInput(req.task)}"; its tasks are ${names(appConfig.tasks)}.`)
  const ref = req.ref ?? appConfig.default_ref
  checkRef(ref)
  if (appConfig.rooms != null && !appConfig.rooms.includes(req.room)) {
    throw new BotError('forbidden', `${req.app} may only be run from ${appConfig.rooms.join(', ')}; ask there.`)
  }
  return { task: req.task, app: req.app, ref, env: req.env, appConfig, taskConfig, timeoutMs: timeoutOf(taskConfig) }
}

/** argv with placeholders filled in each element; the program resolved from the config's directory when relative. */
export function buildArgv (config: DeployConfig, target: Target, values: { user: string, deployId: string, sha: string }): string[] {
  const fill: Record<string, string> = { app: target.app, ref: target.ref, sha: values.sha, env: target.env, task: target.task, user: values.user, deploy_id: values.deployId }
  const [program, ...args] = target.taskConfig.command
  const resolved = !path.isAbsolute(program) && program.includes('/') ? path.resolve(config.dir, program) : program
  return [resolved, ...args.map(a => a.replace(/\{([a-z_]+)\}/g, (whole, key: string) => fill[key] ?? whole))]
}
