// A chat adapter for tests: feeds messages into the real Robot and records what the bot
// says, in order, with the room and thread it said it in.
import hubot, { type Envelope, type Robot } from 'hubot'

const { Adapter } = hubot

export interface Said { room: string, text: string, kind: 'send' | 'reply' | 'emote', envelope: Envelope }

export class TestAdapter extends Adapter {
  readonly said: Said[] = []

  constructor (robot: Robot) {
    super(robot)
    this.name = 'test'
  }

  async send (envelope: Envelope, ...strings: unknown[]): Promise<void> {
    for (const s of strings) this.said.push({ room: envelope.room, text: String(s), kind: 'send', envelope })
  }

  async reply (envelope: Envelope, ...strings: unknown[]): Promise<void> {
    for (const s of strings) this.said.push({ room: envelope.room, text: `${envelope.user?.name ?? '?'}: ${String(s)}`, kind: 'reply', envelope })
  }

  async emote (envelope: Envelope, ...strings: unknown[]): Promise<void> {
    for (const s of strings) this.said.push({ room: envelope.room, text: `* ${String(s)}`, kind: 'emote', envelope })
  }

  async run (): Promise<void> {
    this.emit('connected')
  }
}
