// Slack buttons: the Slack adapter acks the click and emits 'chat.interaction' with the
// clicker's user id. A click is treated exactly like the typed command by that user.
// When the adapter can edit messages, the button message is replaced by the outcome so
// nobody clicks a stale button.
import type { Robot } from 'hubot'
import { botContext } from '../context.ts'
import { approve, deny, type Actor } from './decide.ts'
import { APPROVE_ACTION, DENY_ACTION } from './format.ts'
import { loadRequest } from './request.ts'
import { parseRequestId } from './ids.ts'

export interface ChatInteraction {
  user: { id: string, name?: string }
  actionId: string
  value?: string
  room: string
  messageTs?: string
  threadTs?: string
}

type Updatable = { update?: (room: string, ts: string, message: unknown) => Promise<unknown> }

export async function handleInteraction (robot: Robot, event: ChatInteraction): Promise<void> {
  if (event.actionId !== APPROVE_ACTION && event.actionId !== DENY_ACTION) return
  const name = event.user.name ?? robot.brain.data.users[event.user.id]?.name ?? event.user.id
  const actor: Actor = { id: event.user.id, name: String(name), room: event.room }
  const user = robot.brain.userForId(event.user.id, { name: actor.name })
  const message = event.threadTs != null ? { thread_ts: event.threadTs, room: event.room, user } : undefined
  const reply = async (text: string): Promise<unknown> =>
    await robot.send({ room: event.room, user, ...(message != null ? { message: message as never } : {}) }, `${actor.name}: ${text}`)
  const idText = event.value ?? ''
  if (event.actionId === APPROVE_ACTION) await approve(robot, actor, idText, reply)
  else await deny(robot, actor, idText, null, reply)

  const adapter = robot.adapter as unknown as Updatable
  const id = parseRequestId(idText)
  if (typeof adapter.update !== 'function' || event.messageTs == null || id == null) return
  const req = await loadRequest(botContext(robot).store, id)
  if (req == null || req.state === 'pending') return
  await adapter.update(event.room, event.messageTs, `Request ${req.id} ("${req.command}" by ${req.requester.name}): ${req.state}.`)
}

export function listenForInteractions (robot: Robot): void {
  const { work, log } = botContext(robot)
  robot.on('chat.interaction', (event: ChatInteraction) => {
    if (event?.user?.id == null) return
    // Tracked, so shutdown waits for a click's command to finish.
    work.track(handleInteraction(robot, event)).catch((err: unknown) => {
      log.error({ err, action: event.actionId }, 'approval button failed')
      robot.messageRoom(event.room, `${event.user.name ?? event.user.id}: I couldn't handle that button click (the error is logged); try the typed command instead.`)
        .catch(() => undefined)
    })
  })
}
