// How a process of ours (the bot, a deploy worker) starts and stops: its configuration or
// every problem with it (exit 1), and one stop on SIGTERM/SIGINT or when told: once, after
// `stop` and the log shipper's last batch, exit 0; a stop that fails exits 1, so a
// supervisor sees that it lost something.
import { readConfig, ConfigError, type Config } from '../core/config.ts'
import type { Logger } from '../core/log.ts'
import { shipperOf } from '../core/log.ts'

export function readConfigOrExit (env: NodeJS.ProcessEnv): Config {
  try {
    return readConfig(env)
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err
    process.stderr.write(`Configuration problems:\n${err.problems.map(p => `  - ${p}`).join('\n')}\n`)
    process.exit(1)
  }
}

export interface Shutdown {
  /** Starts the stop (a second call does nothing). */
  (reason: string): void
  /** True once a stop has started: a start still under way gives up. */
  readonly started: boolean
}

export function installShutdown (log: Logger, o: { timeoutMs: number, message: string, stop: () => Promise<void> }): Shutdown {
  let started = false
  const shutdown = (reason: string): void => {
    if (started) return
    started = true
    log.info({ reason }, o.message)
    void (async () => {
      await o.stop()
      // The last lines (this shutdown's own) still reach Elasticsearch, within the same bound.
      await shipperOf(log)?.close(o.timeoutMs)
      process.exit(0)
    })().catch((err: unknown) => {
      log.error({ err }, `shutdown failed: ${err instanceof Error ? err.message : String(err)}; exiting 1`)
      process.exit(1)
    })
  }
  process.on('SIGTERM', () => shutdown('SIGTERM'))
  process.on('SIGINT', () => shutdown('SIGINT'))
  return Object.defineProperty(shutdown, 'started', { get: () => started }) as Shutdown
}
