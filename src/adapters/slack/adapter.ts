// The Slack adapter: @hubot-friends/hubot-slack's SlackBot, built on Web API and Socket
// Mode clients we construct (so HUBOT_SLACK_API_URL reaches both), with what it lacks
// or gets wrong replaced here: every envelope acked at once, button clicks routed as
// robot events, a users.list sync that fills the brain, mentions kept as ids, the bot
// answering to -n/--name (SlackBot renames the robot to its Slack handle), threads,
// a per-channel outbox that spaces, retries and reports Slack errors instead of
// swallowing them, and send() resolving to the posted message's ts.
import type { Envelope, Robot, User } from 'hubot'
import type { WebClient } from '@slack/web-api'
import type { SocketModeClient } from '@slack/socket-mode'
import { SlackBot, SlackTextMessage } from './hubot-slack-internals.ts'
import { plainText, type ChatMessage } from '../../chat/message.ts'
import { botContext } from '../../core/context.ts'
import type { Clock } from '../../core/clock.ts'
import type { Logger } from '../../core/log.ts'
import { routeInteraction } from './interactions.ts'
import { Outbox, withRateLimitRetry } from './outbox.ts'
import { addressedTo, blocksOf, threadOf } from './envelope.ts'
import { escapeMessage, fitForSlack, normaliseText, splitForSlack } from './text.ts'
import { applyMember, syncUsers, type SlackMember } from './users.ts'
import { isReservedKey, ownUser } from '../../access/user-keys.ts'
import { SlackRefusedError, withStartRetry, type StartRetryOptions } from './start-retry.ts'

export interface SlackChatAdapterOptions {
  appToken: string
  botToken: string
  web: WebClient
  socket: SocketModeClient
  log: Logger
  pageSize?: number
  /** A Web API client without SDK retries, for the start-up calls we retry ourselves. */
  startWeb?: WebClient
  startRetry?: StartRetryOptions
  /** Called once connected: the SDKs' own retries (reconnects) apply from then on. */
  onStarted?: () => void
}

interface MessageEvent {
  type?: string, subtype?: string, user?: string, bot_id?: string, text?: string
  channel?: string, channel_type?: string, ts: string, thread_ts?: string
}
interface SocketEnvelope { ack?: () => Promise<void>, type?: string, body?: unknown, event?: unknown }

// Message subtypes that are people talking; edits, joins and bot posts are not.
const SPOKEN_SUBTYPES = new Set(['thread_broadcast', 'file_share', 'me_message'])

/** What hubot hands an adapter, less what Slack cannot post (hubot-slack's callbacks, empty strings). */
function postable (messages: unknown[]): ChatMessage[] {
  return messages.filter(m => typeof m !== 'function' && m !== '') as ChatMessage[]
}

export class SlackChatAdapter extends SlackBot {
  /** Who the bot is in Slack (auth.test), known once run() has started. */
  identity: { userId: string, botId: string | null, handle: string } | null = null
  /** Settles when the start-up user sync has finished (resolves to the users written). */
  usersSynced: Promise<number> = Promise.resolve(0)
  private readonly outbox: Outbox
  private readonly log: Logger
  /** The bot's clock: post spacing, rate-limit and start-up waits. */
  private readonly clock: Clock
  private closed = false
  /** Recent channel:ts keys: Slack re-delivers an event whose ack it did not see. */
  private readonly seen = new Set<string>()

  constructor (robot: Robot, private readonly o: SlackChatAdapterOptions) {
    super(robot, { appToken: o.appToken, botToken: o.botToken, socket: o.socket, web: o.web, disableUserSync: true })
    this.name = 'slack'
    this.log = o.log
    this.clock = botContext(robot).clock
    this.outbox = new Outbox({ clock: this.clock, log: o.log })
    // SlackClient's user_change handler deletes and recreates the brain's User; ours updates it.
    o.socket.removeAllListeners('user_change')
  }

  /** Channels with messages still waiting to be sent (the outbox's depth, for metrics). */
  get outboxDepth (): number { return this.outbox.pending }

  async run (): Promise<void> {
    const { socket, web } = this.client
    // Ack first, for every envelope type: Slack retries what is not acked within 3 s.
    // While shutting down nothing is handled, so nothing is acked either: Slack sends an
    // event again (https://docs.slack.dev/apis/events-api/#retries), to the restarted bot,
    // and shows a clicker that the button failed, so they click again.
    socket.on('slack_event', (e: SocketEnvelope & { envelope_id?: string }) => {
      if ((e.type === 'events_api' || e.type === 'interactive') && !botContext(this.robot).work.isAccepting) {
        this.log.info({ envelope_id: e.envelope_id, envelope_type: e.type }, 'shutting down: Slack envelope not acked (Slack re-sends events; a clicker sees the button fail)')
        return
      }
      e.ack?.().catch((err: unknown) => this.log.warn({ err, envelope_type: e.type }, 'Slack ack failed'))
    })
    this.client.onEvent(async (e) => { await this.onEvent(e as SocketEnvelope) })
    // Routed on the next turn, so the ack above (emitted after this event) goes out first.
    socket.on('interactive', (e: SocketEnvelope) => {
      if (!botContext(this.robot).work.isAccepting) return // not acked either (above)
      setImmediate(() => routeInteraction(this.robot, e.body, this.log))
    })
    // user_change: a profile edit; team_join: someone new, nameable before they speak.
    const onMember = (e: SocketEnvelope): void => {
      const member = (e.event as { user?: SlackMember } | undefined)?.user
      if (member != null && typeof member === 'object' && applyMember(this.robot, member) != null) this.robot.brain.save()
    }
    socket.on('user_change', onMember)
    socket.on('team_join', onMember)
    socket.on('connected', () => { this.log.info('Slack Socket Mode connected'); this.emit('connected') })
    socket.on('reconnecting', () => { this.log.warn('Slack Socket Mode connection lost; reconnecting') })

    // Bounded retries, then a start-up error (src/adapters/slack/start-retry.ts).
    const startWeb = this.o.startWeb ?? web
    const retry = async <T>(method: string, call: () => Promise<T>, retryRateLimits = true): Promise<T> =>
      await withStartRetry(method, call, { ...this.o.startRetry, log: this.log, clock: this.clock, stopped: () => this.closed, retryRateLimits })
    const auth = await retry('auth.test', async () => await startWeb.auth.test()).catch((err: unknown) => {
      if (!(err instanceof SlackRefusedError)) throw err
      throw new Error(`Slack rejected the bot token (${err.reason}): check HUBOT_SLACK_BOT_TOKEN and HUBOT_SLACK_API_URL`, { cause: err })
    })
    this.identity = { userId: String(auth.user_id), botId: auth.bot_id ?? null, handle: String(auth.user) }
    this.log.info({ slack_user_id: auth.user_id, slack_handle: auth.user, team: auth.team }, `Slack: logged in as @${String(auth.user)}`)
    // In the background: a large workspace takes many pages; messages flow meanwhile. Its
    // first page is part of start-up (it proves users.list works); a later page that still
    // fails after its retries is logged, and users are then added as they speak.
    // syncUsers waits out 429s itself and rewraps what fails: keep our own error for start-up.
    let firstPage!: () => void
    const firstPageIn = new Promise<void>(resolve => { firstPage = resolve })
    let listFailure: unknown = null
    const list = async (args: Parameters<WebClient['users']['list']>[0]): Promise<unknown> => {
      try {
        const page = await retry('users.list', async () => await startWeb.users.list(args), false)
        firstPage()
        return page
      } catch (err) { listFailure = err; throw err }
    }
    const sync = syncUsers(this.robot, { web: { users: { list } } as unknown as WebClient, log: this.log, clock: this.clock, pageSize: this.o.pageSize })
    this.usersSynced = sync
      .catch((err: unknown) => { this.log.error({ err }, 'Slack user sync failed; users are added as they speak (check the users:read and users:read.email scopes)'); return 0 })
    await this.startSocket(retry)
    await Promise.race([firstPageIn, sync]).catch((err: unknown) => {
      const cause = listFailure ?? err
      if (!(cause instanceof SlackRefusedError)) throw cause
      throw new Error(`Slack refused users.list (${cause.reason}): check the users:read and users:read.email scopes, then reinstall the app`, { cause })
    })
    this.o.onStarted?.()
  }

  // Socket Mode retries a failed apps.connections.open by itself, without end, when
  // auto-reconnect is on: off while we start (our retries are bounded), on once connected.
  private async startSocket (retry: <T>(method: string, call: () => Promise<T>) => Promise<T>): Promise<void> {
    const socket = this.client.socket as unknown as { autoReconnectEnabled?: boolean, start: () => Promise<unknown> }
    const reconnect = socket.autoReconnectEnabled
    socket.autoReconnectEnabled = false
    try {
      await retry('apps.connections.open', async () => await socket.start())
    } catch (err) {
      if (!(err instanceof SlackRefusedError)) throw err
      throw new Error(`Slack Socket Mode did not connect (${err.reason}): check HUBOT_SLACK_APP_TOKEN (scope connections:write) and that Socket Mode is on`, { cause: err })
    } finally {
      socket.autoReconnectEnabled = reconnect
    }
  }

  close (): void {
    this.closed = true
    this.client.disconnect()
  }

  /** Waits until every queued post and update has been sent (or has failed and been logged). */
  async flush (): Promise<void> {
    if (this.outbox.pending > 0) this.log.info({ channels: this.outbox.pending }, 'sending the Slack messages still queued')
    await this.outbox.idle()
  }

  async send (envelope: Envelope, ...messages: unknown[]): Promise<{ ts: string } | undefined> {
    return await this.postEach(envelope, postable(messages).map(escapeMessage))
  }

  async reply (envelope: Envelope, ...messages: unknown[]): Promise<{ ts: string } | undefined> {
    // Escaped before the asker's <@id> mention is added, so that one stays a mention.
    return await this.postEach(envelope, addressedTo(envelope, postable(messages).map(escapeMessage)) as ChatMessage[])
  }

  private async postEach (envelope: Envelope, messages: ChatMessage[]): Promise<{ ts: string } | undefined> {
    let last: { ts: string } | undefined
    // A reply too long for one Slack post goes out as a few, in order (text.ts).
    for (const m of messages.flatMap(m => splitForSlack(m))) last = await this.post(envelope.room, m, threadOf(envelope))
    return last
  }

  /** Posts into a thread (e.g. a deploy's progress under its first message). */
  async postInThread (room: string, threadTs: string, message: ChatMessage): Promise<{ ts: string }> {
    return await this.post(room, escapeMessage(message), threadTs)
  }

  /** Replaces a message the bot posted (chat.update), e.g. buttons -> "approved by". */
  async update (room: string, ts: string, message: ChatMessage): Promise<void> {
    const escaped = fitForSlack(escapeMessage(message))
    const args = { channel: room, ts, text: plainText(escaped), ...blocksOf(escaped) }
    await this.outbox.run(room, 'chat.update', false, async () => await this.client.web.chat.update(args as Parameters<WebClient['chat']['update']>[0]))
  }

  private async post (room: string, posted: ChatMessage, threadTs: string | undefined): Promise<{ ts: string }> {
    const message = fitForSlack(posted)
    const args = { channel: room, text: plainText(message), ...blocksOf(message), ...(threadTs != null ? { thread_ts: threadTs } : {}) }
    const res = await this.outbox.run(room, 'chat.postMessage', true,
      async () => await this.client.web.chat.postMessage(args as Parameters<WebClient['chat']['postMessage']>[0]))
    return { ts: String(res.ts) }
  }

  private async onEvent (e: SocketEnvelope): Promise<void> {
    const ev = e.event as MessageEvent | undefined
    if (ev?.type !== 'message' || ev.user == null || ev.channel == null) return
    if (ev.subtype != null && !SPOKEN_SUBTYPES.has(ev.subtype)) return
    if (ev.user === this.identity?.userId || (ev.bot_id != null && ev.bot_id === this.identity?.botId)) return
    // The id becomes a brain key; one like __proto__ would read (and then write) Object.prototype.
    if (isReservedKey(ev.user)) { this.log.warn({ slack_user_id: ev.user, room: ev.channel }, 'Slack message from a user id that cannot be a brain key; ignored'); return }
    if (this.isRepeat(`${ev.channel}:${ev.ts}`)) return
    // Decided in the same turn as the ack (emitted right after this event): a message
    // acked is tracked from here, so shutdown waits for it, users.info lookup included.
    const { work } = botContext(this.robot)
    if (!work.isAccepting) { this.log.info({ room: ev.channel }, 'shutting down: Slack message not handled'); return }
    await work.track(this.receiveMessage(ev as MessageEvent & { user: string, channel: string }))
  }

  private async receiveMessage (ev: MessageEvent & { user: string, channel: string }): Promise<void> {
    const user = await this.userFor(ev.user)
    user.room = ev.channel
    const { text, mentions } = normaliseText(ev.text ?? '', {
      botUserId: this.identity?.userId ?? null, botHandle: this.identity?.handle ?? null, robotName: this.robot.name, robotAlias: this.robot.alias, isDirect: ev.channel_type === 'im'
    })
    const message = new SlackTextMessage(user, text, ev.text, ev, ev.channel, this.robot.name, this.robot.alias)
    message.mentions = mentions.map(m => ({ ...m, info: m.type === 'user' ? ownUser(this.robot, m.id) : undefined }))
    await this.robot.receive(message)
  }

  private isRepeat (key: string): boolean {
    if (this.seen.has(key)) { this.log.info({ key }, 'Slack re-delivered a message; already handled'); return true }
    this.seen.add(key)
    if (this.seen.size > 1000) this.seen.delete(this.seen.values().next().value as string)
    return false
  }

  /** The brain's user, or one fetched with users.info for someone the sync has not seen. */
  private async userFor (id: string): Promise<User> {
    const known = ownUser(this.robot, id)
    if (known != null) return known
    try {
      const res = await withRateLimitRetry(async () => await this.client.web.users.info({ user: id }), { log: this.log, clock: this.clock, method: 'users.info' })
      const user = res.user != null ? applyMember(this.robot, res.user) : null
      if (user != null) { this.robot.brain.save(); return user }
    } catch { /* logged by withRateLimitRetry; the id alone still identifies them */ }
    return this.robot.brain.userForId(id)
  }
}
