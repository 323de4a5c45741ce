// Configured rooms on Slack: a channel id (C0123ABCD) is used as is; a name (#deploys, or
// deploys) is looked up once with conversations.list (scopes channels:read, and groups:read
// for private channels the bot is in) and kept. A name the list does not hold lists again,
// at most once a minute, so a channel created or renamed since is found, and a misspelt
// room does not cost a listing per delivery. Posting by id keeps one outbox lane (and its
// per-channel rate) per channel, whichever way the room was written.
import { BotError } from '../../core/errors.ts'
import type { Clock } from '../../core/clock.ts'
import type { Logger } from '../../core/log.ts'
import { withRateLimitRetry } from './outbox.ts'

export interface ChannelPage {
  channels?: Array<{ id?: string, name?: string }>
  response_metadata?: { next_cursor?: string }
}
export interface ChannelLister {
  conversations: { list: (args: { types: string, exclude_archived: boolean, limit: number, cursor?: string }) => Promise<ChannelPage> }
}

// Slack names are lower case; ids are upper case, C (channel), G (private, older) or D (DM).
const CHANNEL_ID = /^[CGD][A-Z0-9]+$/
export const REFRESH_MS = 60_000
const MAX_PAGES = 50

export class SlackRooms {
  private byName: Map<string, string> | null = null
  private listing: Promise<Map<string, string>> | null = null
  private listedAt = -Infinity

  constructor (private readonly web: ChannelLister, private readonly log: Logger, private readonly clock: Clock) {}

  /** The channel id to post to for a configured room. */
  async resolve (room: string): Promise<string> {
    if (CHANNEL_ID.test(room)) return room
    const name = room.replace(/^#/, '').toLowerCase()
    let id = (await this.channels(false)).get(name)
    if (id == null && this.clock.now() - this.listedAt >= REFRESH_MS) id = (await this.channels(true)).get(name)
    if (id == null) {
      throw new BotError('not_found', `Slack has no channel #${name} the bot can see: check the room in the configuration; for a private channel, invite the bot (/invite @bot)`)
    }
    return id
  }

  // One listing at a time: a burst of deliveries waits for the same one.
  private async channels (refresh: boolean): Promise<Map<string, string>> {
    if (this.listing != null) return await this.listing
    if (this.byName != null && !refresh) return this.byName
    this.listing = this.list().finally(() => { this.listing = null })
    return await this.listing
  }

  private async list (): Promise<Map<string, string>> {
    this.listedAt = this.clock.now()
    const found = new Map<string, string>()
    let cursor: string | undefined
    for (let page = 0; page < MAX_PAGES; page++) {
      const res = await withRateLimitRetry(async () => await this.web.conversations.list({
        types: 'public_channel,private_channel', exclude_archived: true, limit: 1000, ...(cursor != null ? { cursor } : {})
      }), { clock: this.clock, log: this.log, method: 'conversations.list' })
      for (const c of res.channels ?? []) if (c.id != null && c.name != null) found.set(c.name.toLowerCase(), c.id)
      cursor = res.response_metadata?.next_cursor
      if (cursor == null || cursor === '') break
    }
    this.log.info({ channels: found.size }, 'Slack channels listed for room names')
    this.byName = found
    return found
  }
}
