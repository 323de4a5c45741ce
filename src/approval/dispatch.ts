// Runs an approved request's listener: once, as the requester, in the original room and
// thread, with the stored match. The caller must hold the claim (the CAS to `executing`).
// The listener is found by id in robot.listeners, so this works in a robot started after
// the request was made. Its callback is called directly: the listener middleware (roles,
// approval, audit) already ran when the request was made, and running it again would
// hold the command a second time.
import hubot, { type Envelope, type Robot, type TextMessage } from 'hubot'
import { listenerResponse, ownCallback } from '../runtime/hubot-compat.ts'
import { botContext } from '../core/context.ts'
import { mayRun, requiredRoles } from '../access/index.ts'
import { auditRequest } from './events.ts'
import { updateRequest, type ApprovalRequest } from './request.ts'
import { quoteCommand } from '../chat/quote-command.ts'

/**
 * The requester's message, rebuilt: same user id, name, room, text and thread. The user
 * carries the brain's fields (email, roles...) as the original message's user did.
 */
export function rebuildMessage (robot: Robot, req: ApprovalRequest): TextMessage {
  const known = robot.brain.data.users[req.requester.id] as Record<string, unknown> | undefined
  const user = new hubot.User(req.requester.id, { ...known, name: known?.name ?? req.requester.name, room: req.room })
  const message = new hubot.TextMessage(user, req.text, `approval-${req.id}`)
  message.room = req.room
  if (req.thread != null) (message as unknown as { thread_ts: string }).thread_ts = req.thread
  return message
}

/** Somewhere to talk in the request's room (and thread), as a reply to the requester. */
export function requestEnvelope (robot: Robot, req: ApprovalRequest): Envelope {
  const message = rebuildMessage(robot, req)
  return { room: req.room, user: message.user, message }
}

export function rebuildMatch (req: ApprovalRequest): RegExpMatchArray {
  const match = req.match.map(m => m ?? undefined) as unknown as RegExpMatchArray
  match.index = req.match_index
  match.input = req.text
  if (req.groups != null) match.groups = Object.fromEntries(Object.entries(req.groups).map(([k, v]) => [k, v ?? undefined])) as Record<string, string>
  return match
}

/** Runs the listener; records executed/failed. Returns the final state. */
export async function executeClaimed (robot: Robot, req: ApprovalRequest, actorId: string): Promise<'executed' | 'failed'> {
  const ctx = botContext(robot)
  const listener = robot.listeners.find(l => l.options.id === req.listener_id)
  let failure: string | null = null
  if (listener == null) {
    failure = `the command '${req.listener_id}' no longer exists in this bot`
    await robot.send(requestEnvelope(robot, req), `I can't run request ${req.id} (${quoteCommand(req.command)}): ${failure}. Check "${robot.name} help" and ask again.`)
  } else if (!mayRun(robot, req.requester.id, requiredRoles(listener))) {
    // The roles middleware checked the requester when they asked; a role taken away
    // while the request waited (or across a restart) must still stop the run.
    failure = `${req.requester.name} no longer has the ${requiredRoles(listener).map(r => `'${r}'`).join(' or ')} role it needs`
    await robot.send(requestEnvelope(robot, req), `I didn't run request ${req.id} (${quoteCommand(req.command)}): ${failure}. Ask an admin for the role, then run the command again.`)
  } else {
    const response = listenerResponse(robot, listener, rebuildMessage(robot, req), rebuildMatch(req))
    try {
      await ownCallback(listener)(response)
    } catch (err) {
      failure = (err as Error).message ?? String(err)
      // The error sink turns it into one chat sentence, as for any command.
      robot.emit('error', err, response)
    }
  }
  const state = failure == null ? 'executed' : 'failed'
  const now = (): number => ctx.clock.now()
  const outcome = await updateRequest(ctx.store, req.id, now, cur => cur.state === 'executing'
    ? { next: { ...cur, state, finished_at: now(), ...(failure != null ? { reason: failure } : {}) } }
    : { refused: `request ${req.id} is ${cur.state}, not executing` })
  const final = outcome?.ok === true ? outcome.after : req
  await auditRequest(robot, final, state, actorId, { reason: failure, ...(final.break_glass != null ? { break_glass: true } : {}) })
  return state
}
