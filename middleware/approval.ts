// Holds a command whose listener needs approval: stores a pending request in the shared
// store, posts it (with the literal approve command and, on Slack, buttons) and stops the
// listener. The approved command is later run by src/approval/dispatch.ts, which calls
// the listener directly, so it never comes through here twice. Fails closed.
import type { Listener, Response, Robot, TextMessage } from 'hubot'
import { botContext } from '../src/core/context.ts'
import { approvalFor, type ChatListenerOptions } from '../src/access/index.ts'
import type { ApprovalPolicy } from '../src/core/config.ts'
import { formatError } from '../src/core/errors.ts'
import { auditRequest, createRequest, displayCommand, possibleApprovers, requestMessage, updateRequest, type ApprovalRequest } from '../src/approval/index.ts'
import { isDirectMessage } from '../src/chat/direct.ts'
import { failClosed, type ListenerMiddleware } from './fail-closed.ts'

export function approvalMiddleware (robot: Robot): ListenerMiddleware {
  return failClosed(robot, 'approval', ({ listener, response }) => {
    const listenerId = listener.options.id
    // The approval commands themselves are never held (a "*" rule would lock everyone out).
    if (typeof listenerId === 'string' && listenerId.startsWith('approvals.')) return true
    const policy = approvalFor(listener, response, botContext(robot).config.approval.rules)
    if (policy == null) return true
    return hold(robot, listener, response, policy)
  })
}

/** Stores and posts the request for this command; false: the command does not run now. */
async function hold (robot: Robot, listener: Listener, response: Response<TextMessage>, policy: ApprovalPolicy): Promise<false> {
  const ctx = botContext(robot)
  const listenerId = listener.options.id
  if (typeof listenerId !== 'string' || listenerId === '') {
    await response.reply('that command needs approval but has no listener id, so I cannot hold it safely; tell the script author.')
    return false
  }
  const precheck = (listener.options as Partial<ChatListenerOptions>).precheck
  if (precheck != null) {
    try {
      await precheck(response)
    } catch (err) {
      const sentence = formatError(err)
      if (sentence == null) throw err // unexpected: fail closed
      await response.reply(sentence)
      return false
    }
  }
  const message = response.message
  const approvalRoom = ctx.config.approval.room
  const direct = isDirectMessage(message)
  if (direct && approvalRoom == null) {
    await response.reply(`that command needs approval from '${policy.group}', and approvers can't see a direct message. Ask in a channel where they are.`)
    return false
  }
  const now = ctx.clock.now()
  const req = await createRequest(ctx.store, {
    listener_id: listenerId,
    text: message.text,
    command: displayCommand(robot, message.text),
    match: Array.from(response.match, m => m ?? null),
    match_index: response.match.index ?? 0,
    ...(response.match.groups != null ? { groups: Object.fromEntries(Object.entries(response.match.groups).map(([k, v]) => [k, v ?? null])) } : {}),
    requester: { id: message.user.id, name: String(message.user.name ?? message.user.id) },
    room: message.room,
    thread: (message as unknown as { thread_ts?: string }).thread_ts ?? null,
    policy,
    created_at: now,
    expires_at: now + policy.ttlMs
  }, now)
  try {
    await auditRequest(robot, req, 'requested', req.requester.id)
    const posted = requestMessage(robot, req)
    if (direct && approvalRoom != null) {
      await robot.messageRoom(approvalRoom, posted)
      await response.send({ ...posted, text: `${posted.text} (posted in ${approvalRoom} for approvers)` })
    } else {
      await response.send(posted)
    }
  } catch (err) {
    // The requester is about to hear "I didn't run it": the stored request must not
    // stay approvable (it would show in `approvals` and could run later).
    await withdraw(robot, req, err)
    throw err
  }
  const possible = possibleApprovers(robot, req).length
  if (possible < policy.quorum) {
    // The request said so in chat; operators see it here, before it expires unapproved.
    ctx.log.warn({ request_id: req.id, listener_id: listenerId, group: policy.group, quorum: policy.quorum, possible_approvers: possible },
      'approval requested, but too few people besides the requester have the group role to approve it')
  }
  return false
}

/** Cancels a request that was stored but not recorded or posted; best effort, logged. */
async function withdraw (robot: Robot, req: ApprovalRequest, cause: unknown): Promise<void> {
  const { store, clock, log } = botContext(robot)
  const reason = 'withdrawn: it could not be recorded or posted'
  try {
    const outcome = await updateRequest(store, req.id, () => clock.now(), cur => cur.state === 'pending'
      ? { next: { ...cur, state: 'cancelled', decided_by: { id: 'system', name: robot.name }, reason } }
      : { refused: cur.state })
    if (outcome?.ok === true) await auditRequest(robot, outcome.after, 'cancelled', 'system', { reason })
  } catch (err) {
    log.error({ err, cause, request_id: req.id }, 'approval: could not withdraw a request that failed to post; it stays pending until it expires')
  }
}
