// Types for the parts of @hubot-friends/hubot-slack (plain ESM, no types shipped) that
// our adapter builds on: the SlackBot adapter class and its text message class.
declare module '@hubot-friends/hubot-slack/src/Bot.mjs' {
  import type { Adapter, Robot } from 'hubot'
  import type { WebClient } from '@slack/web-api'
  import type { SocketModeClient } from '@slack/socket-mode'

  export interface SlackBotOptions {
    appToken: string
    botToken: string
    disableUserSync?: boolean
    socket?: SocketModeClient
    web?: WebClient
  }

  export class SlackClient {
    constructor (options: unknown, robot: Robot, socket: SocketModeClient, web: WebClient)
    loadUsers (callback: (err: unknown, res?: unknown) => void): unknown
    robot: Robot
    socket: SocketModeClient
    web: WebClient
    onEvent (callback: (event: unknown) => unknown): void
    disconnect (): void
  }

  export class SlackBot extends Adapter {
    constructor (robot: Robot, options: SlackBotOptions)
    options: SlackBotOptions
    client: SlackClient
    socket: SocketModeClient
  }
}

declare module '@hubot-friends/hubot-slack/src/Message.mjs' {
  import { TextMessage, type User } from 'hubot'

  export class SlackTextMessage extends TextMessage {
    constructor (user: User, text: string | null, rawText: string | undefined, rawMessage: { text?: string, ts: string, thread_ts?: string }, channelId: string, robotName: string, robotAlias: string | false)
    rawMessage: Record<string, unknown>
    rawText: string
    thread_ts?: string
    mentions: Array<{ id: string, type: 'user' | 'conversation', info?: unknown }>
  }
}
