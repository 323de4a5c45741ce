// What scripts and middleware need besides the robot: config, logger, store, clock, and
// the background-work tracker. One per robot, set by createBot; scripts read it with
// botContext(robot) instead of importing singletons or reading process.env.
import type { Robot } from 'hubot'
import type { Config } from './config.ts'
import type { Logger } from './log.ts'
import type { Clock } from './clock.ts'
import type { SharedStore } from '../store/index.ts'
import type { WorkTracker } from './work-tracker.ts'

export interface BotContext {
  config: Config
  log: Logger
  store: SharedStore
  clock: Clock
  work: WorkTracker
  /** Overrides for service clients' fetch (tests point them at fakes). */
  fetch: typeof fetch
}

const contexts = new WeakMap<Robot, BotContext>()

export function setBotContext (robot: Robot, context: BotContext): void {
  contexts.set(robot, context)
}

export function botContext (robot: Robot): BotContext {
  const ctx = contexts.get(robot)
  // A plain Error: only code can cause this (a robot not built by createBot), no chat user.
  if (ctx == null) throw new Error('bot context missing: create robots with createBot()')
  return ctx
}
