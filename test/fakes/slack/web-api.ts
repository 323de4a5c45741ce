// The Web API methods the bot calls, answered the way Slack answers them: HTTP 200 with
// { ok: true, ... } or { ok: false, error }, HTTP 429 + Retry-After when rate limited.
// Shapes follow https://docs.slack.dev/reference/methods and the response types in
// node_modules/@slack/web-api/dist/response/*.d.ts.
import type { UsersListResponse } from '@slack/web-api'

export type Member = NonNullable<UsersListResponse['members']>[number]

export interface SlackState {
  team: { id: string, name: string }
  bot: { userId: string, botId: string, handle: string, appId: string }
  appToken: string
  botToken: string
  members: Member[]
  /** Channels conversations.list shows (public ones, and private ones the bot is in). */
  channels: Array<{ id: string, name: string, is_private?: boolean, is_archived?: boolean }>
  /** Conversations the bot is in; posting elsewhere answers not_in_channel. */
  joined: Set<string>
  posted: Array<{ channel: string, ts: string, text?: string, blocks?: unknown[], thread_ts?: string }>
  nextTs: number
}

export interface Answer { status: number, body: Record<string, unknown>, headers?: Record<string, string> }

type Params = Record<string, unknown>
const ok = (body: Record<string, unknown> = {}): Answer => ({ status: 200, body: { ok: true, ...body } })
export const slackError = (error: string, extra: Record<string, unknown> = {}): Answer => ({ status: 200, body: { ok: false, error, ...extra } })

function newTs (state: SlackState): string {
  state.nextTs += 1
  return `1764072000.${String(state.nextTs).padStart(6, '0')}`
}

// Cursors are opaque to clients; Slack's look like "dXNlcjpVMEc5V0ZYTlo=" (base64).
const encodeCursor = (offset: number): string => Buffer.from(`offset:${offset}`).toString('base64')
const decodeCursor = (cursor: string): number => Number(Buffer.from(cursor, 'base64').toString().replace('offset:', ''))

function usersList (state: SlackState, p: Params): Answer {
  const limit = Math.min(Number(p.limit ?? 0) || 1000, 1000)
  const start = typeof p.cursor === 'string' && p.cursor !== '' ? decodeCursor(p.cursor) : 0
  if (!Number.isInteger(start) || start < 0 || start > state.members.length) return slackError('invalid_cursor')
  const page = state.members.slice(start, start + limit)
  const next = start + limit < state.members.length ? encodeCursor(start + limit) : ''
  return ok({ members: page, cache_ts: 1764072000, response_metadata: { next_cursor: next } })
}

// https://docs.slack.dev/reference/methods/conversations.list: types, exclude_archived, cursor paging.
// A Web API parameter arrives as a form string or a JSON value.
const param = (v: unknown, fallback = ''): string => typeof v === 'string' ? v : v == null ? fallback : JSON.stringify(v)

function conversationsList (state: SlackState, p: Params): Answer {
  const limit = Math.min(Number(p.limit ?? 0) || 100, 1000)
  const types = param(p.types, 'public_channel').split(',')
  const archived = p.exclude_archived === true || p.exclude_archived === 'true'
  const all = state.channels.filter(c => types.includes(c.is_private === true ? 'private_channel' : 'public_channel') && !(archived && c.is_archived === true))
  const start = typeof p.cursor === 'string' && p.cursor !== '' ? decodeCursor(p.cursor) : 0
  if (!Number.isInteger(start) || start < 0 || start > all.length) return slackError('invalid_cursor')
  const page = all.slice(start, start + limit).map(c => ({
    id: c.id, name: c.name, is_channel: c.is_private !== true, is_group: false, is_im: false, is_private: c.is_private === true,
    is_archived: c.is_archived === true, is_member: state.joined.has(c.id), name_normalized: c.name
  }))
  return ok({ channels: page, response_metadata: { next_cursor: start + limit < all.length ? encodeCursor(start + limit) : '' } })
}

function postMessage (state: SlackState, p: Params): Answer {
  const channel = param(p.channel)
  if (channel === '') return slackError('channel_not_found')
  if (p.text == null && p.blocks == null) return slackError('no_text')
  if (!state.joined.has(channel)) return slackError('not_in_channel')
  const ts = newTs(state)
  const blocks = p.blocks as unknown[] | undefined
  const threadTs = typeof p.thread_ts === 'string' ? p.thread_ts : undefined
  state.posted.push({ channel, ts, text: p.text as string | undefined, blocks, thread_ts: threadTs })
  const message = {
    type: 'message', user: state.bot.userId, bot_id: state.bot.botId, app_id: state.bot.appId, team: state.team.id,
    text: p.text, ts, ...(blocks != null ? { blocks } : {}), ...(threadTs != null ? { thread_ts: threadTs, parent_user_id: state.bot.userId } : {})
  }
  return ok({ channel, ts, message })
}

function update (state: SlackState, p: Params): Answer {
  const channel = param(p.channel)
  const found = state.posted.find(m => m.channel === channel && m.ts === p.ts)
  if (found == null) return slackError('message_not_found')
  found.text = p.text as string | undefined
  if (p.blocks != null) found.blocks = p.blocks as unknown[]
  return ok({ channel, ts: found.ts, text: found.text, message: { type: 'message', user: state.bot.userId, bot_id: state.bot.botId, text: found.text, blocks: found.blocks, edited: { user: state.bot.userId, ts: newTs(state) } } })
}

/** Answers one method call. `token` is the bearer token the client sent. */
export function answer (state: SlackState, method: string, token: string | undefined, p: Params, wsUrl: string): Answer {
  if (token == null || token === '') return slackError('not_authed')
  if (method === 'apps.connections.open') {
    if (!token.startsWith('xapp-')) return slackError('not_allowed_token_type')
    if (token !== state.appToken) return slackError('invalid_auth')
    return ok({ url: `${wsUrl}/link/?ticket=t${newTs(state)}&app_id=${state.bot.appId}` })
  }
  if (token !== state.botToken) return slackError(token.startsWith('xapp-') ? 'not_allowed_token_type' : 'invalid_auth')
  switch (method) {
    case 'auth.test':
      return ok({ url: 'https://fake.slack.com/', team: state.team.name, user: state.bot.handle, team_id: state.team.id, user_id: state.bot.userId, bot_id: state.bot.botId, is_enterprise_install: false })
    case 'users.list':
      return usersList(state, p)
    case 'users.info': {
      const user = state.members.find(m => m.id === p.user)
      return user != null ? ok({ user }) : slackError('user_not_found')
    }
    case 'conversations.list':
      return conversationsList(state, p)
    case 'chat.postMessage':
      return postMessage(state, p)
    case 'chat.update':
      return update(state, p)
    default:
      return slackError('unknown_method')
  }
}
