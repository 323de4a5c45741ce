// The terminal chat: every stdin line is a message to the bot, processed strictly in
// order (a line starts only when the previous line's work has finished), replies on
// stdout as plain text, logs elsewhere. Hubot's own Shell adapter drops piped lines and
// crashes when stdout is a file, hence this one. Nothing printed carries escape sequences
// or control characters: names and replies come from other people.
import { createInterface } from 'node:readline'
import type { Readable, Writable } from 'node:stream'
import hubot, { type Envelope, type Robot } from 'hubot'
import { botContext } from '../core/context.ts'
import { plainText } from '../chat/message.ts'
import { startsWithBotName } from '../chat/addressed.ts'
import { hasControls, stripControls } from '../chat/controls.ts'
import { BotError } from '../core/errors.ts'
import { isReservedKey, reservedKeyError } from '../runtime/user-keys.ts'

const { Adapter, TextMessage } = hubot

export interface TerminalOptions {
  input?: Readable
  output?: Writable
  /** Called once input has ended and the last reply is written. */
  onEnd?: () => void
}

const ROOM = 'shell'

export class TerminalAdapter extends Adapter {
  private readonly input: Readable
  private readonly output: Writable
  private readonly onEnd: () => void
  private user: { id: string, name: string }
  private closed = false
  private lineNumber = 0

  constructor (robot: Robot, options: TerminalOptions = {}) {
    super(robot)
    this.name = 'terminal'
    this.input = options.input ?? process.stdin
    this.output = options.output ?? process.stdout
    this.onEnd = options.onEnd ?? (() => {})
    this.user = { ...botContext(robot).config.bot.shellUser }
  }

  async send (envelope: Envelope, ...strings: unknown[]): Promise<void> {
    for (const s of strings) this.write(plainText(s))
  }

  async reply (envelope: Envelope, ...strings: unknown[]): Promise<void> {
    const name = envelope.user?.name ?? 'you'
    for (const s of strings) this.write(`${name}: ${plainText(s)}`)
  }

  async emote (envelope: Envelope, ...strings: unknown[]): Promise<void> {
    for (const s of strings) this.write(`* ${plainText(s)}`)
  }

  private write (text: string): void {
    if (!this.closed) this.output.write(`${stripControls(text)}\n`)
  }

  async run (): Promise<void> {
    const rl = createInterface({ input: this.input, terminal: false, crlfDelay: Infinity })
    this.emit('connected')
    void this.consume(rl)
  }

  // for-await over readline keeps lines in order and pauses reading while we work.
  private async consume (rl: ReturnType<typeof createInterface>): Promise<void> {
    const { work, log } = botContext(this.robot)
    for await (const raw of rl) {
      if (this.closed || !work.isAccepting) break
      const line = raw.trim()
      if (line === '') continue
      try {
        await this.handle(line)
        await work.idle()
      } catch (err) {
        log.error({ err }, 'terminal line failed')
      }
    }
    rl.close()
    await work.idle()
    if (!this.closed) this.onEnd()
  }

  private async handle (line: string): Promise<void> {
    const as = /^\/as\s+(\S+)\s*$/.exec(line)
    if (as != null) {
      // The id becomes a brain key and the name is printed: refuse what either breaks.
      if (isReservedKey(as[1])) this.write(`(${reservedKeyError(as[1]).message})`)
      else if (hasControls(as[1])) this.write(`(a user id can't contain control characters; you are still ${this.user.name})`)
      else {
        this.user = { id: as[1], name: as[1] }
        this.write(`(you are now ${as[1]})`)
      }
      return
    }
    let user
    try {
      user = this.robot.brain.userForId(this.user.id, { name: this.user.name })
    } catch (err) {
      // HUBOT_SHELL_USER_ID=constructor, say: tell the person at the keyboard.
      if (!(err instanceof BotError)) throw err
      this.write(`(${err.message})`)
      return
    }
    user.name = this.user.name
    user.room = ROOM
    // Every line is for the bot; the name (or alias) prefix is optional.
    const text = startsWithBotName(line, this.robot.name, this.robot.alias) ? line : `${this.robot.name} ${line}`
    const message = new TextMessage(user, text, `terminal-${++this.lineNumber}`)
    await botContext(this.robot).work.track(this.robot.receive(message))
  }

  close (): void {
    this.closed = true
    super.close()
  }
}

export function terminalAdapter (options: TerminalOptions = {}): { use: (robot: Robot) => TerminalAdapter } {
  return { use: (robot: Robot) => new TerminalAdapter(robot, options) }
}
