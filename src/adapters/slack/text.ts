// Slack message text -> the text scripts match. Slack encodes mentions and links as
// <...> tokens (https://docs.slack.dev/messaging/formatting-message-text):
//   <@UBOT> (the bot itself)   -> the robot's name, so `respond` listeners match
//   a leading "opsbot" / "@opsbot" (its handle as plain text) -> the robot's name too
//   <@U123> / <@U123|label>    -> <@U123>, kept: a user is resolved by id, never by name
//   <#C123|general>            -> #general (id kept in mentions)
//   <!here> <!channel>          -> @here @channel; <!subteam^S1|@ops> -> @ops
//   <https://x|label>          -> label (https://x); <mailto:a@b|a@b> -> a@b
// then &lt; &gt; &amp; are decoded. In a DM every message is for the bot: the name is
// prefixed when the text does not already start with it.

import { startsWithBotName } from '../../chat/addressed.ts'
import { escapeRegExp } from '../../core/regexp.ts'
import { plural } from '../../chat/plural.ts'
import { isRichMessage, type ChatMessage } from '../../chat/message.ts'

export interface Mention { id: string, type: 'user' | 'conversation' }

export interface TextContext {
  botUserId: string | null
  /** The bot's Slack handle (auth.test user); typed as plain text it addresses the bot too. */
  botHandle?: string | null
  robotName: string
  robotAlias: string | false
  isDirect: boolean
}

// No '<' inside a token (Slack sends a typed '<' as &lt;): an attempt from one '<' then
// stops at the next, so matching stays linear (unbounded, 40,000 '<' took seconds).
const TOKEN = /<([@#!])?([^<>|]+)(?:\|([^<>]*))?>/g

export function normaliseText (raw: string, ctx: TextContext): { text: string, mentions: Mention[] } {
  const mentions: Mention[] = []
  let text = raw.replace(TOKEN, (whole, sigil: string | undefined, target: string, label: string | undefined) => {
    switch (sigil) {
      case '@':
        if (target === ctx.botUserId) return ctx.robotName
        mentions.push({ id: target, type: 'user' })
        return `<@${target}>`
      case '#':
        mentions.push({ id: target, type: 'conversation' })
        return label != null && label !== '' ? `#${label}` : `<#${target}>`
      case '!':
        if (['here', 'channel', 'everyone'].includes(target)) return `@${target}`
        return label ?? whole
      default: {
        const link = target.replace(/^mailto:/, '')
        return label != null && label !== '' && !link.includes(label) ? `${label} (${link})` : link
      }
    }
  })
  text = text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
  // hubot-slack named the robot after its handle, so "opsbot help" worked; it still does.
  const handle = ctx.botHandle
  if (handle != null && handle !== '' && handle.toLowerCase() !== ctx.robotName.toLowerCase()) {
    text = text.replace(new RegExp(`^(\\s*)@?${escapeRegExp(handle)}(?=[:,]|\\s|$)`, 'i'), (_m, space: string) => `${space}${ctx.robotName}`)
  }
  if (ctx.isDirect && !startsWithBotName(text, ctx.robotName, ctx.robotAlias)) text = `${ctx.robotName} ${text}`
  return { text, mentions }
}

// Outgoing: Slack parses <...> in text we post as mentions (<!channel> pings everyone,
// <!subteam^S1> a user group) and masked links, and what we post often echoes what someone
// typed (a command, a reason, a name). So &, < and > are escaped as Slack asks
// (https://docs.slack.dev/messaging/formatting-message-text#escaping), in the text and in
// mrkdwn block text. plain_text block fields are not parsed and stay as they are.
export function escapeSlack (text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

function escapeBlocks (value: unknown): unknown {
  if (Array.isArray(value)) return value.map(escapeBlocks)
  if (value == null || typeof value !== 'object') return value
  const o = value as Record<string, unknown>
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(o)) out[k] = k === 'text' && o.type === 'mrkdwn' && typeof v === 'string' ? escapeSlack(v) : escapeBlocks(v)
  return out
}

export function escapeMessage (message: ChatMessage): ChatMessage {
  if (!isRichMessage(message)) return escapeSlack(String(message))
  return { ...message, text: escapeSlack(message.text), ...(message.blocks != null ? { blocks: escapeBlocks(message.blocks) as unknown[] } : {}) }
}

// What one post may carry. chat.postMessage truncates text past 40,000 characters and Slack
// recommends at most 4,000 (https://docs.slack.dev/reference/methods/chat.postMessage#truncating);
// a section block's text holds at most 3,000
// (https://docs.slack.dev/reference/block-kit/blocks/section-block). A long reply (a list)
// is split at line ends into a few posts; past those it is cut, saying how much is missing,
// rather than flooding the channel.
export const SLACK_TEXT_LIMIT = 4_000
export const SLACK_MAX_PARTS = 4
export const SLACK_BLOCK_TEXT_LIMIT = 3_000
// Kept free in the last part for the note saying what was cut.
const NOTE_ROOM = 100

const ENTITIES = ['&amp;', '&lt;', '&gt;']

/** Where to cut `text` at most `max` characters in: not inside an escaped entity (&lt;) or a surrogate pair. */
function safeEnd (text: string, max: number): number {
  let end = Math.min(max, text.length)
  const amp = text.lastIndexOf('&', end - 1)
  if (amp > end - 5 && ENTITIES.some(e => text.startsWith(e, amp) && amp + e.length > end)) end = amp
  const code = text.charCodeAt(end - 1)
  if (code >= 0xd800 && code <= 0xdbff) end -= 1
  return end
}

function moreNote (rest: string): string {
  let lines = 1
  for (let i = rest.indexOf('\n'); i !== -1; i = rest.indexOf('\n', i + 1)) lines++
  return `\n… (${plural(lines, 'more line')} not shown: too long for one Slack reply)`
}

/** Escaped text as at most `maxParts` posts, each within SLACK_TEXT_LIMIT. */
function splitText (text: string, maxParts: number): string[] {
  const parts: string[] = []
  let rest = text
  while (rest.length > 0 && parts.length < maxParts) {
    if (rest.length <= SLACK_TEXT_LIMIT) { parts.push(rest); rest = ''; break }
    const room = parts.length === maxParts - 1 ? SLACK_TEXT_LIMIT - NOTE_ROOM : SLACK_TEXT_LIMIT
    // At a line end in the second half of the room; else (one very long line) inside the line.
    const newline = rest.lastIndexOf('\n', room)
    const atLine = newline > room / 2
    const end = atLine ? newline : safeEnd(rest, room)
    parts.push(rest.slice(0, end))
    rest = rest.slice(atLine ? end + 1 : end)
  }
  if (rest.length > 0) parts[parts.length - 1] += moreNote(rest)
  return parts
}

function cutBlockTexts (value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cutBlockTexts)
  if (value == null || typeof value !== 'object') return value
  const o = value as Record<string, unknown>
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(o)) {
    const isText = k === 'text' && (o.type === 'mrkdwn' || o.type === 'plain_text') && typeof v === 'string'
    out[k] = isText && v.length > SLACK_BLOCK_TEXT_LIMIT ? `${v.slice(0, safeEnd(v, SLACK_BLOCK_TEXT_LIMIT - 1))}…` : cutBlockTexts(v)
  }
  return out
}

/** An escaped message as the posts Slack accepts: split in up to `maxParts`, then cut with a note. */
export function splitForSlack (message: ChatMessage, maxParts = SLACK_MAX_PARTS): ChatMessage[] {
  if (!isRichMessage(message)) {
    const text = String(message)
    return text.length <= SLACK_TEXT_LIMIT ? [text] : splitText(text, maxParts)
  }
  // Blocks (buttons) belong to one message: its fallback text and block texts are cut.
  const text = message.text.length <= SLACK_TEXT_LIMIT ? message.text : splitText(message.text, 1)[0]
  return [{ ...message, text, ...(message.blocks != null ? { blocks: cutBlockTexts(message.blocks) as unknown[] } : {}) }]
}

/** One post (a thread reply, an update): cut with a note when over the limit. */
export function fitForSlack (message: ChatMessage): ChatMessage {
  return splitForSlack(message, 1)[0]
}
