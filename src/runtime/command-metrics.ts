// Counts each chat command by listener id and outcome, and times it: ok (ran), failed (threw
// anything but a BotError), refused (a BotError from the command, or the listener
// middleware stopped it without holding it: a missing role, storage failing closed), held
// (the approval middleware stored a request; its later run is counted under approvals).
import type { Robot } from 'hubot'
import type { Clock } from '../core/clock.ts'
import { BotError } from '../core/errors.ts'
import type { CommandOutcome, Metrics } from '../core/metrics.ts'
import { observeListeners } from './hubot-compat.ts'

// A listener without an id still counts, under one shared label (never its regex or text).
const NO_ID = '(no id)'

export function installCommandMetrics (robot: Robot, metrics: Metrics, clock: Clock): void {
  const started = new WeakMap<object, number>()
  const record = (listener: string, outcome: CommandOutcome, since?: number): void => {
    metrics.commands.inc({ listener, outcome })
    if (since != null) metrics.commandSeconds.observe({ listener, outcome }, Math.max(0, clock.now() - since) / 1000)
  }
  observeListeners(robot, {
    decided (res, id, go) {
      const listener = id ?? NO_ID
      if (go) { started.set(res, clock.now()); return }
      // The approval middleware counted a hold for this listener while the chain ran.
      const holds = metrics.holds.get(listener) ?? 0
      if (holds > 0) {
        metrics.holds.set(listener, holds - 1)
        record(listener, 'held')
      } else {
        record(listener, 'refused')
      }
    },
    settled (res, id, err) {
      const outcome: CommandOutcome = err == null ? 'ok' : err instanceof BotError ? 'refused' : 'failed'
      record(id ?? NO_ID, outcome, started.get(res))
    }
  })
}
