// A chat adapter for tests: feeds messages into the real Robot and records what the bot
// says, in order, with the room and thread it said it in.
import hubot, { type Envelope, type Robot } from 'hubot'
import { plainText } from '../../src/chat/message.ts'

const { Adapter } = hubot

export interface Said { room: string, text: string, kind: 'send' | 'reply' | 'emote', envelope: Envelope, raw: unknown }

export class TestAdapter extends Adapter {
  readonly said: Said[] = []

  constructor (robot: Robot) {
    super(robot)
    this.name = 'test'
  }

  async send (envelope: Envelope, ...strings: unknown[]): Promise<void> {
    for (const s of strings) this.said.push({ room: envelope.room, text: plainText(s), kind: 'send', envelope, raw: s })
  }

  async reply (envelope: Envelope, ...strings: unknown[]): Promise<void> {
    for (const s of strings) this.said.push({ room: envelope.room, text: `${envelope.user?.name ?? '?'}: ${plainText(s)}`, kind: 'reply', envelope, raw: s })
  }

  async emote (envelope: Envelope, ...strings: unknown[]): Promise<void> {
    for (const s of strings) this.said.push({ room: envelope.room, text: `* ${plainText(s)}`, kind: 'emote', envelope, raw: s })
  }

  async run (): Promise<void> {
    this.emit('connected')
  }
}
