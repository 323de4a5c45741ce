// A real robot on the terminal adapter, typed at line by line: each `type` waits for the
// output the test expects (no sleeps), so a transcript can use a request id the bot
// just printed. `tty` makes stdin and stdout look like a terminal (the interactive prompt).
import { PassThrough } from 'node:stream'
import path from 'node:path'
import type { Robot } from 'hubot'
import { readConfig } from '../../src/core/config.ts'
import { createLogger } from '../../src/core/log.ts'
import { createBot, type Bot } from '../../src/runtime/bot.ts'
import { terminalAdapter } from '../../src/adapters/terminal.ts'
import { MemoryBrain } from '../../src/brain/index.ts'
import { MemoryStore } from '../../src/store/index.ts'
import { LogCapture, ROOT } from './bot.ts'

export interface TerminalSession {
  bot: Bot
  robot: Robot
  logs: LogCapture
  /** Everything printed so far. */
  out: () => string
  /** Types one line and resolves with what was printed until `until` matches the new output. */
  type: (line: string, until: RegExp) => Promise<string>
  /** Ends stdin and waits for the adapter to report the end of the chat. */
  end: () => Promise<void>
  /** Resolves when the adapter reported the end of the chat (end of input, exit or quit). */
  ended: Promise<void>
  stop: () => Promise<void>
}

export interface TerminalOptions {
  env?: Record<string, string>
  scripts?: string[]
  tty?: boolean
  /** Runs before the adapter connects: seed users, add listeners. */
  register?: (robot: Robot) => void
}

export async function startTerminal (options: TerminalOptions = {}): Promise<TerminalSession> {
  const input = new PassThrough()
  const output = new PassThrough()
  if (options.tty === true) {
    Object.assign(input, { isTTY: true })
    Object.assign(output, { isTTY: true })
  }
  let out = ''
  const waiters: Array<() => void> = []
  output.on('data', (d: Buffer) => {
    out += d.toString()
    for (const w of waiters.splice(0)) w()
  })
  let onEnd!: () => void
  const ended = new Promise<void>(resolve => { onEnd = resolve })
  const logs = new LogCapture()
  const config = readConfig({ HUBOT_SHELL_USER_NAME: 'Sam', HUBOT_SHELL_USER_ID: 'U-sam', HUBOT_LOG_LEVEL: 'debug', ...options.env })
  const bot = await createBot({
    config,
    log: createLogger({ level: config.bot.logLevel, destination: logs }),
    adapter: terminalAdapter({ input, output, onEnd: () => onEnd() }),
    brain: new MemoryBrain(),
    store: new MemoryStore(),
    httpd: false,
    scriptsDir: path.join(ROOT, 'scripts'),
    scripts: options.scripts ?? ['help.ts'],
    externalScriptsFile: null
  })
  options.register?.(bot.robot)
  await bot.start()

  // Waits for output, not for time; the timer only turns a hang into a readable failure.
  const waitFor = async (from: number, until: RegExp): Promise<string> => {
    let timer: NodeJS.Timeout | undefined
    const hung = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`no output matching ${String(until)} within 10 s; printed:\n${out.slice(from)}`)), 10_000)
    })
    try {
      for (;;) {
        const fresh = out.slice(from)
        if (until.test(fresh)) return fresh
        await Promise.race([
          new Promise<void>(resolve => waiters.push(resolve)),
          ended.then(() => { throw new Error(`the chat ended before ${String(until)}; printed:\n${out.slice(from)}`) }),
          hung
        ])
      }
    } finally {
      clearTimeout(timer)
    }
  }
  return {
    bot,
    robot: bot.robot,
    logs,
    out: () => out,
    type: async (line, until) => {
      const from = out.length
      input.write(`${line}\n`)
      return await waitFor(from, until)
    },
    end: async () => { input.end(); await ended },
    ended,
    stop: async () => { await bot.stop() }
  }
}
