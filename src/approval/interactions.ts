// Slack buttons: the Slack adapter acks the click and emits 'chat.interaction' with the
// clicker's user id. A click is treated exactly like the typed command by that user.
// When the adapter can edit messages, the button message is replaced by the outcome so
// nobody clicks a stale button.
import type { Robot } from 'hubot'
import { botContext } from '../core/context.ts'
import { approve, deny, type Actor } from './decide.ts'
import { APPROVE_ACTION, DENY_ACTION } from './format.ts'
import { loadRequest } from './request.ts'
import { parseShortId } from '../core/ids.ts'
import { quoteCommand } from '../chat/quote-command.ts'

/** What src/adapters/slack/interactions.ts emits (its fields may be undefined). */
export interface ChatInteraction {
  user: { id: string, name?: string }
  actionId: string
  value?: string
  room?: string
  messageTs?: string
  threadTs?: string
}

type Updatable = { update?: (room: string, ts: string, message: unknown) => Promise<unknown> }

export async function handleInteraction (robot: Robot, event: ChatInteraction): Promise<void> {
  if (event.actionId !== APPROVE_ACTION && event.actionId !== DENY_ACTION) return
  const idText = event.value ?? ''
  const id = parseShortId(idText)
  // Without a channel in the payload, answer in the request's own room.
  const room = event.room ?? (id != null ? (await loadRequest(botContext(robot).store, id))?.room : undefined)
  if (room == null) {
    botContext(robot).log.warn({ action: event.actionId, value: idText }, 'approval button without a room or a known request; ignored')
    return
  }
  const name = event.user.name ?? robot.brain.data.users[event.user.id]?.name ?? event.user.id
  const actor: Actor = { id: event.user.id, name: String(name), room }
  const user = robot.brain.userForId(event.user.id, { name: actor.name })
  const message = event.threadTs != null ? { thread_ts: event.threadTs, room, user } : undefined
  const reply = async (text: string): Promise<unknown> =>
    await robot.send({ room, user, ...(message != null ? { message: message as never } : {}) }, `${actor.name}: ${text}`)
  if (event.actionId === APPROVE_ACTION) await approve(robot, actor, idText, reply)
  else await deny(robot, actor, idText, null, reply)

  const adapter = robot.adapter as unknown as Updatable
  if (typeof adapter.update !== 'function' || event.messageTs == null || id == null) return
  const req = await loadRequest(botContext(robot).store, id)
  if (req == null || req.state === 'pending') return
  await adapter.update(room, event.messageTs, `Request ${req.id} (${quoteCommand(req.command)} by ${req.requester.name}): ${req.state}.`)
}

export function listenForInteractions (robot: Robot): void {
  const { work, log } = botContext(robot)
  robot.on('chat.interaction', (event: ChatInteraction) => {
    if (event?.user?.id == null) return
    // Tracked, so shutdown waits for a click's command to finish.
    work.track(handleInteraction(robot, event)).catch((err: unknown) => {
      log.error({ err, action: event.actionId }, 'approval button failed')
      if (event.room == null) return
      robot.messageRoom(event.room, `${event.user.name ?? event.user.id}: I couldn't handle that button click (the error is logged); try the typed command instead.`)
        .catch(() => undefined)
    })
  })
}
