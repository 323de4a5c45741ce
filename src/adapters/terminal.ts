// The terminal chat: every stdin line is a message to the bot, processed strictly in
// order (a line starts only when the previous line's work has finished), replies on
// stdout as plain text, logs elsewhere. Hubot's own Shell adapter drops piped lines and
// crashes when stdout is a file, hence this one. Nothing printed carries escape sequences
// or control characters: names and replies come from other people. On a real terminal
// (stdin and stdout both TTYs) a prompt is shown; piped output stays chat only.
import { createInterface } from 'node:readline'
import type { Readable, Writable } from 'node:stream'
import hubot, { type Envelope, type Robot } from 'hubot'
import { botContext } from '../core/context.ts'
import { plainText } from '../chat/message.ts'
import { startsWithBotName, withoutBotName } from '../chat/addressed.ts'
import { hasControls, stripControls } from '../chat/controls.ts'
import { BotError } from '../core/errors.ts'
import { isReservedKey, ownUser, reservedKeyError } from '../access/user-keys.ts'
import { isAdmin, setTerminalAdmin } from '../access/index.ts'

const { Adapter, TextMessage } = hubot

export interface TerminalOptions {
  input?: Readable
  output?: Writable
  /** Called once input has ended (or `exit`/`quit` was typed) and the last reply is written. */
  onEnd?: () => void
  /** Show a prompt; default: when input and output are both terminals. */
  interactive?: boolean
}

const ROOM = 'shell'

export class TerminalAdapter extends Adapter {
  private readonly input: Readable
  private readonly output: Writable
  private readonly onEnd: () => void
  private readonly own: { id: string, name: string }
  private user: { id: string, name: string }
  private readonly interactive: boolean
  private readonly ownIsAdmin: boolean
  private promptShown = false
  private closed = false
  private lineNumber = 0

  constructor (robot: Robot, options: TerminalOptions = {}) {
    super(robot)
    this.name = 'terminal'
    this.input = options.input ?? process.stdin
    this.output = options.output ?? process.stdout
    this.onEnd = options.onEnd ?? (() => {})
    this.own = { ...botContext(robot).config.bot.shellUser }
    this.user = { ...this.own }
    this.interactive = options.interactive ?? (isTerminal(this.input) && isTerminal(this.output))
    // Without HUBOT_AUTH_ADMIN nobody could grant a role, so nothing privileged could be
    // tried locally: whoever started the terminal is its admin (not users switched to).
    this.ownIsAdmin = setTerminalAdmin(robot, this.own.id)
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
    if (this.closed) return
    // A message arriving while the prompt waits (an expiry notice) goes on its own line,
    // and the prompt follows it again.
    this.output.write(`${this.promptShown ? '\n' : ''}${stripControls(text)}\n${this.promptShown ? this.promptText() : ''}`)
  }

  private promptText (): string {
    return `${stripControls(this.robot.name)}> `
  }

  private prompt (): void {
    if (!this.interactive || this.closed || this.promptShown) return
    this.output.write(this.promptText())
    this.promptShown = true
  }

  async run (): Promise<void> {
    const rl = createInterface({ input: this.input, terminal: false, crlfDelay: Infinity })
    if (this.ownIsAdmin) {
      botContext(this.robot).log.info({ terminal_admin: this.own.id },
        `HUBOT_AUTH_ADMIN is unset: the terminal's own user "${this.own.id}" (${this.own.name}) is the admin, in the terminal only`)
    }
    if (this.interactive) {
      this.write(`(you are ${this.own.name}${this.ownIsAdmin ? ', the admin here: HUBOT_AUTH_ADMIN is unset' : ''}. "help" lists the commands, "/as <name>" speaks as someone else, "exit" quits.)`)
    }
    this.emit('connected')
    void this.consume(rl)
  }

  // for-await over readline keeps lines in order and pauses reading while we work.
  private async consume (rl: ReturnType<typeof createInterface>): Promise<void> {
    const { work, log } = botContext(this.robot)
    this.prompt()
    for await (const raw of rl) {
      this.promptShown = false
      if (this.closed || !work.isAccepting) break
      const line = raw.trim()
      if (this.isExit(line)) {
        log.info('terminal: exit typed; ending the chat')
        break
      }
      if (line !== '') {
        try {
          await this.handle(line)
          await work.idle()
        } catch (err) {
          log.error({ err }, 'terminal line failed')
        }
      }
      this.prompt()
    }
    rl.close()
    await work.idle()
    if (!this.closed) this.onEnd()
  }

  /** `exit` or `quit`, with or without the bot's name in front. */
  private isExit (line: string): boolean {
    return /^(?:exit|quit)$/i.test(withoutBotName(line, this.robot.name, this.robot.alias))
  }

  private whoAmI (): string {
    const admin = isAdmin(this.robot, this.user.id) ? ', an admin' : ''
    return `(you are ${this.user.name}, id ${this.user.id}${admin}; "/as <name>" speaks as someone else)`
  }

  private switchUser (id: string): void {
    // The id becomes a brain key and the name is printed: refuse what either breaks.
    if (isReservedKey(id)) {
      this.write(`(${reservedKeyError(id).message})`)
      return
    }
    if (hasControls(id)) {
      this.write(`(a user id can't contain control characters; you are still ${this.user.name})`)
      return
    }
    const known = ownUser(this.robot, id)?.name
    const name = id === this.own.id ? this.own.name : typeof known === 'string' && known !== '' ? known : id
    // Known at once, so "alice has oncall role" works before alice has said anything. No
    // room in the options: hubot's userForId replaces a user (and their roles) whose room differs.
    const user = this.robot.brain.userForId(id, { name })
    user.name = name
    user.room = ROOM
    this.user = { id, name }
    this.write(`(you are now ${name})`)
  }

  private async handle (line: string): Promise<void> {
    const as = /^\/as(?:\s+(\S+))?$/.exec(line)
    if (as != null) {
      if (as[1] == null) this.write(this.whoAmI())
      else this.switchUser(as[1])
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

function isTerminal (stream: Readable | Writable): boolean {
  return (stream as { isTTY?: boolean }).isTTY === true
}

export function terminalAdapter (options: TerminalOptions = {}): { use: (robot: Robot) => TerminalAdapter } {
  return { use: (robot: Robot) => new TerminalAdapter(robot, options) }
}
