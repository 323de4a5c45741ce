// Button clicks: a Socket Mode `interactive` envelope carrying a block_actions payload
// (https://docs.slack.dev/reference/interaction-payloads/block_actions-payload) becomes
// one robot event per action:
//   robot.on('chat.interaction', (i: ChatInteraction) => ...)
// The clicker is payload.user.id, straight from Slack: identity is the user id.
import type { Robot } from 'hubot'
import type { Logger } from '../../core/log.ts'

export const CHAT_INTERACTION = 'chat.interaction'

export interface ChatInteraction {
  user: { id: string, name: string }
  actionId: string
  value: string | undefined
  /** The channel id of the message holding the button. */
  room: string | undefined
  /** The ts of the message holding the button (use it with adapter.update). */
  messageTs: string | undefined
  /** The thread that message is in, when it is in one. */
  threadTs: string | undefined
}

interface BlockActionsPayload {
  type?: string
  user?: { id?: string, username?: string, name?: string }
  channel?: { id?: string }
  container?: { channel_id?: string, message_ts?: string, thread_ts?: string }
  message?: { ts?: string, thread_ts?: string }
  actions?: Array<{ action_id?: string, value?: string, selected_option?: { value?: string } }>
}

/** Turns one interactive payload into robot events; the envelope is acked already. */
export function routeInteraction (robot: Robot, body: unknown, log: Logger): number {
  const p = (body ?? {}) as BlockActionsPayload
  if (p.type !== 'block_actions') {
    log.debug({ payload_type: p.type }, 'Slack interactive payload ignored (only block_actions are handled)')
    return 0
  }
  const id = p.user?.id
  if (id == null || id === '') {
    log.warn('Slack block_actions payload without user.id ignored')
    return 0
  }
  // The brain's name when we know the user (the synced handle); Slack's otherwise.
  const known = robot.brain.data.users[id]
  const name = String(known?.name ?? p.user?.username ?? p.user?.name ?? id)
  const room = p.channel?.id ?? p.container?.channel_id
  const messageTs = p.message?.ts ?? p.container?.message_ts
  const threadTs = p.message?.thread_ts ?? p.container?.thread_ts
  let count = 0
  for (const action of p.actions ?? []) {
    if (action.action_id == null) continue
    const interaction: ChatInteraction = {
      user: { id, name },
      actionId: action.action_id,
      value: action.value ?? action.selected_option?.value,
      room,
      messageTs,
      threadTs
    }
    log.info({ user_id: id, action_id: interaction.actionId, room, message_ts: messageTs }, 'Slack button clicked')
    // A throwing listener must not stop the other actions or the socket's message loop.
    try { robot.emit(CHAT_INTERACTION, interaction) } catch (err) { log.error({ err, action_id: interaction.actionId }, 'a chat.interaction listener failed') }
    count++
  }
  return count
}
