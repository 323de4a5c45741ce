// The Slack SDKs take a logger with their own interface (@slack/logger); this one sends
// their lines to our pino logger, so they are JSON, redacted, and never on stdout.
// Their debug output (every request body and socket frame) goes to pino's trace level.
import type { Logger } from '../../core/log.ts'

type Level = 'error' | 'warn' | 'info' | 'debug'

export interface SlackSdkLogger {
  debug (...msg: unknown[]): void
  info (...msg: unknown[]): void
  warn (...msg: unknown[]): void
  error (...msg: unknown[]): void
  setLevel (level: Level): void
  getLevel (): Level
  setName (name: string): void
}

const text = (msg: unknown[]): string => msg.map(m => (typeof m === 'string' ? m : m instanceof Error ? m.message : JSON.stringify(m))).join(' ')

export function slackSdkLogger (log: Logger, component: string): SlackSdkLogger {
  const child = log.child({ component })
  return {
    debug: (...msg) => { if (child.isLevelEnabled('trace')) child.trace(text(msg)) },
    info: (...msg) => { child.info(text(msg)) },
    warn: (...msg) => { child.warn(text(msg)) },
    error: (...msg) => { child.error(text(msg)) },
    setLevel: () => {}, // the level is ours (HUBOT_LOG_LEVEL)
    getLevel: () => (child.isLevelEnabled('trace') ? 'debug' : child.isLevelEnabled('info') ? 'info' : child.isLevelEnabled('warn') ? 'warn' : 'error'),
    setName: () => {}
  }
}
