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

import { escapeRegExp, startsWithBotName } from '../../chat/addressed.ts'
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
