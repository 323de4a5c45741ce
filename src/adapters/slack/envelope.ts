// Where an outgoing message goes and how it reads: the thread of the message being
// answered, the asker mentioned by id in a channel reply (not in a DM), Slack blocks
// when a script sent a RichMessage.
import type { Envelope } from 'hubot'
import { isDirectMessage } from '../../chat/direct.ts'
import { isRichMessage, type ChatMessage } from '../../chat/message.ts'

/** The thread to answer in: the incoming message's, or one a script put on the envelope. */
export function threadOf (envelope: Envelope): string | undefined {
  const fromMessage = (envelope.message as { thread_ts?: unknown } | undefined)?.thread_ts
  const t = fromMessage ?? envelope.thread_ts
  return typeof t === 'string' && t !== '' ? t : undefined
}

export function blocksOf (message: ChatMessage): { blocks?: unknown[] } {
  return isRichMessage(message) && message.blocks != null ? { blocks: message.blocks } : {}
}

/** Reply texts prefixed with a mention of the asker (by id), except in a DM. */
export function addressedTo (envelope: Envelope, messages: unknown[]): unknown[] {
  const id = envelope.user?.id
  if (isDirectMessage(envelope.message, envelope.room) || id == null) return messages
  return messages.map(m => {
    if (typeof m === 'function' || m === '') return m
    return isRichMessage(m) ? { ...m, text: `<@${id}> ${m.text}` } : `<@${id}> ${String(m)}`
  })
}
