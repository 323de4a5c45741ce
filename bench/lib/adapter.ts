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
