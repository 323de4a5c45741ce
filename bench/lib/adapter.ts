// One in-memory chat adapter for both sides of a comparison: it counts what the bot says
// and lets a waiter know, keeping nothing (so memory figures measure the bot, not it).
import hubot, { type Envelope, type Robot } from 'hubot'

const { Adapter } = hubot

export class CountingAdapter extends Adapter {
  said = 0
  /** Called after each send or reply, with the first string. */
  onSaid: ((text: string) => void) | null = null

  constructor (robot: Robot) {
    super(robot)
    this.name = 'bench'
  }

  async send (_envelope: Envelope, ...strings: unknown[]): Promise<void> { this.count(strings) }
  async reply (_envelope: Envelope, ...strings: unknown[]): Promise<void> { this.count(strings) }
  async emote (_envelope: Envelope, ...strings: unknown[]): Promise<void> { this.count(strings) }
  async run (): Promise<void> { this.emit('connected') }
  close (): void {}

  private count (strings: unknown[]): void {
    this.said += strings.length
    this.onSaid?.(typeof strings[0] === 'string' ? strings[0] : JSON.stringify(strings[0]))
  }
}

/** A chat side of a comparison: ours or stock hubot, each behind a CountingAdapter. */
export interface Side {
  robot: Robot
  adapter: CountingAdapter
  /** Delivers `text` from `userId` and resolves when every listener (and work it started) is done. */
  say (userId: string, text: string): Promise<void>
  stop (): Promise<void>
}

let sequence = 0
/** A line from `userId` in the room "general", as an adapter would receive it. */
export function textMessage (robot: Robot, userId: string, text: string): InstanceType<typeof hubot.TextMessage> {
  const user = robot.brain.userForId(userId, { name: userId, room: 'general' })
  return new hubot.TextMessage(user, text, `bench-${++sequence}`)
}
