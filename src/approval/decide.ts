// The decisions people make on a request: approve, deny, cancel. Shared by the typed
// commands and the Slack buttons, so both go through the same checks and the same
// compare-and-set; identity is always the chat user id of whoever typed or clicked.
import type { Robot } from 'hubot'
import { botContext } from '../core/context.ts'
import { hasRole } from '../access/index.ts'
import { executeClaimed, requestEnvelope } from './dispatch.ts'
import { auditRequest } from './events.ts'
import { approverNames } from './format.ts'
import { parseShortId } from '../core/ids.ts'
import { loadRequest, notPendingReason, updateRequest, type ApprovalRequest, type Change } from './request.ts'
import { quoteCommand } from '../chat/quote-command.ts'

export interface Actor { id: string, name: string, room: string }
/** Answers the person who acted, where they acted. */
export type Reply = (text: string) => Promise<unknown>

/** The stored request for a typed id, or null after telling the user what was wrong. */
export async function findRequest (robot: Robot, idText: string, reply: Reply): Promise<ApprovalRequest | null> {
  const id = parseShortId(idText)
  if (id == null) {
    await reply(`"${idText}" isn't a request id: ids are 6 letters and digits, like K7M2QX. Say "${robot.name} approvals" to list pending requests.`)
    return null
  }
  const req = await loadRequest(botContext(robot).store, id)
  if (req == null) await reply(`I don't know request ${id}: check the id (say "${robot.name} approvals" to list pending requests); old requests are forgotten 7 days after they expire.`)
  return req
}

/** Tells the request's room (and the actor, when they acted elsewhere): one message each. */
export async function announce (robot: Robot, req: ApprovalRequest, actor: Actor, reply: Reply, text: string): Promise<void> {
  await robot.send(requestEnvelope(robot, req), text)
  if (actor.room !== req.room) await reply(text)
}

async function change (robot: Robot, id: string, reply: Reply, fn: (cur: ApprovalRequest, now: number) => Change): Promise<ApprovalRequest | null> {
  const { store, clock } = botContext(robot)
  const outcome = await updateRequest(store, id, () => clock.now(), cur => fn(cur, clock.now()))
  if (outcome == null) {
    await reply(`request ${id} is gone (forgotten after its retention period); ask the requester to run the command again.`)
    return null
  }
  if (!outcome.ok) {
    await reply(outcome.refused)
    return null
  }
  return outcome.after
}

export async function approve (robot: Robot, actor: Actor, idText: string, reply: Reply): Promise<void> {
  const found = await findRequest(robot, idText, reply)
  if (found == null) return
  const req = await change(robot, found.id, reply, (cur, now) => {
    const why = notPendingReason(cur, now)
    if (why != null) return { refused: why }
    if (cur.requester.id === actor.id) return { refused: `you can't approve your own request ${cur.id}; someone else from '${cur.policy.group}' has to.` }
    if (!hasRole(robot, actor.id, cur.policy.group)) return { refused: `only people with the '${cur.policy.group}' role can approve ${cur.id}; ask an admin if you should have it.` }
    if (cur.approvals.includes(actor.id)) return { refused: `you already approved ${cur.id}; it needs ${cur.policy.quorum - cur.approvals.length} more from '${cur.policy.group}'.` }
    const approvals = [...cur.approvals, actor.id]
    // Reaching the quorum moves the request to `executing` in the same write: the claim.
    return { next: { ...cur, approvals, state: approvals.length >= cur.policy.quorum ? 'executing' : 'pending' } }
  })
  if (req == null) return
  if (req.state !== 'executing') {
    await auditRequest(robot, req, 'approved', actor.id)
    const left = req.policy.quorum - req.approvals.length
    await reply(`you approved ${req.id} (${req.approvals.length} of ${req.policy.quorum}); ${left} more needed from '${req.policy.group}'.`)
    return
  }
  // We hold the claim: nobody else will ever run this request, so nothing may stop us now.
  await afterClaim(robot, req.id,
    async () => { await auditRequest(robot, req, 'approved', actor.id) },
    async () => { await announce(robot, req, actor, reply, `${req.id} approved by ${approverNames(robot, req)}: running ${quoteCommand(req.command)} for ${req.requester.name}.`) })
  await executeClaimed(robot, req, actor.id)
}

/**
 * Runs the steps between a claim and the run, each on its own: a failure is logged, not
 * thrown, and does not skip the next step (a failed audit append must not silence the
 * announcement). The claimed request must still run (or it would stay `executing`
 * forever). The audit log line is written before the store append, so even then the
 * event is in the log.
 */
export async function afterClaim (robot: Robot, id: string, ...steps: Array<() => Promise<void>>): Promise<void> {
  for (const step of steps) {
    try {
      await step()
    } catch (err) {
      botContext(robot).log.error({ err, request_id: id }, 'approval: a step after claiming a request failed; running it anyway')
    }
  }
}

export async function deny (robot: Robot, actor: Actor, idText: string, reason: string | null, reply: Reply): Promise<void> {
  const found = await findRequest(robot, idText, reply)
  if (found == null) return
  const req = await change(robot, found.id, reply, (cur, now) => {
    const why = notPendingReason(cur, now)
    if (why != null) return { refused: why }
    if (!hasRole(robot, actor.id, cur.policy.group)) return { refused: `only people with the '${cur.policy.group}' role can deny ${cur.id}; the requester can cancel it.` }
    return { next: { ...cur, state: 'denied', decided_by: { id: actor.id, name: actor.name }, ...(reason != null ? { reason } : {}) } }
  })
  if (req == null) return
  await auditRequest(robot, req, 'denied', actor.id, { reason })
  await announce(robot, req, actor, reply, `${actor.name} denied ${req.id} (${quoteCommand(req.command)} by ${req.requester.name})${reason != null ? `: ${reason}` : ''}. It will not run.`)
}

export async function cancel (robot: Robot, actor: Actor, idText: string, reply: Reply): Promise<void> {
  const found = await findRequest(robot, idText, reply)
  if (found == null) return
  const req = await change(robot, found.id, reply, (cur, now) => {
    const why = notPendingReason(cur, now)
    if (why != null) return { refused: why }
    if (cur.requester.id !== actor.id) return { refused: `only ${cur.requester.name}, who asked, can cancel ${cur.id}; people from '${cur.policy.group}' can deny it.` }
    return { next: { ...cur, state: 'cancelled', decided_by: { id: actor.id, name: actor.name } } }
  })
  if (req == null) return
  await auditRequest(robot, req, 'cancelled', actor.id)
  await announce(robot, req, actor, reply, `${actor.name} cancelled ${req.id} (${quoteCommand(req.command)}). It will not run.`)
}
