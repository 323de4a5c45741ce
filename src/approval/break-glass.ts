// Break glass: in an emergency the requester (with the role `break-glass`, and only when
// HUBOT_APPROVAL_BREAK_GLASS=true) runs their own pending request without approval. It
// is loud (the room is told, the audit event is flagged) and stays on the
// `approvals unreviewed` list until someone from the request's group reviews it.
import type { Robot } from 'hubot'
import { botContext } from '../core/context.ts'
import { hasRole } from '../access/index.ts'
import { afterClaim, announce, findRequest, type Actor, type Reply } from './decide.ts'
import { executeClaimed } from './dispatch.ts'
import { auditRequest } from './events.ts'
import { notPendingReason, UNREVIEWED_PREFIX, UNREVIEWED_RETENTION_MS, updateRequest, type ApprovalRequest } from './request.ts'
import { quoteCommand } from '../chat/quote-command.ts'

/** What `approvals unreviewed` lists; kept without expiry until reviewed. */
export interface UnreviewedEntry { id: string, command: string, group: string, requester: { id: string, name: string }, reason: string, at: number }

export async function breakGlass (robot: Robot, actor: Actor, idText: string, reason: string, reply: Reply): Promise<void> {
  const { config, store, clock } = botContext(robot)
  if (!config.approval.breakGlass) {
    await reply('break glass is turned off here; an admin can turn it on with HUBOT_APPROVAL_BREAK_GLASS=true. Until then your request needs its approvals.')
    return
  }
  // The role itself, not the roles middleware's admin pass: an admin who breaks glass
  // first grants themself the role, which is an audit event of its own.
  if (!hasRole(robot, actor.id, 'break-glass')) {
    await reply(`break glass needs the 'break-glass' role itself, admins included; an admin can grant it: "${robot.name} <user> has break-glass role".`)
    return
  }
  const found = await findRequest(robot, idText, reply)
  if (found == null) return
  const outcome = await updateRequest(store, found.id, () => clock.now(), cur => {
    const why = notPendingReason(cur, clock.now())
    if (why != null) return { refused: why }
    if (cur.requester.id !== actor.id) return { refused: `break glass only works on your own request; ${cur.id} is ${cur.requester.name}'s.` }
    return { next: { ...cur, state: 'executing', break_glass: { reason, at: clock.now() } } }
  })
  if (outcome == null || !outcome.ok) {
    await reply(outcome == null ? `request ${found.id} is gone; run the command again.` : outcome.refused)
    return
  }
  const req = outcome.after
  const entry: UnreviewedEntry = { id: req.id, command: req.command, group: req.policy.group, requester: req.requester, reason, at: clock.now() }
  const loud = `BREAK GLASS: ${req.requester.name} is running ${quoteCommand(req.command)} (${req.id}) WITHOUT APPROVAL. Reason: ${reason}. ` +
    `Someone from '${req.policy.group}' must review it: "${robot.name} review ${req.id}".`
  // Each step on its own: a store that fails to keep the review entry must not also
  // silence the flagged audit event or the loud announcement.
  await afterClaim(robot, req.id,
    async () => { await auditRequest(robot, req, 'break-glass', actor.id, { reason, break_glass: true }) },
    async () => { await store.set(`${UNREVIEWED_PREFIX}${req.id}`, entry, { ttlMs: UNREVIEWED_RETENTION_MS }) },
    async () => { await announce(robot, req, actor, reply, loud) },
    async () => { if (config.approval.room != null && config.approval.room !== req.room) await robot.messageRoom(config.approval.room, loud) })
  await executeClaimed(robot, req, actor.id)
}

export async function review (robot: Robot, actor: Actor, idText: string, reply: Reply): Promise<void> {
  const { store, clock } = botContext(robot)
  const found = await findRequest(robot, idText, reply)
  if (found == null) return
  const entry = await store.get<UnreviewedEntry>(`${UNREVIEWED_PREFIX}${found.id}`)
  if (entry == null) {
    await reply(found.break_glass == null ? `${found.id} didn't break glass; there is nothing to review.` : `${found.id} was already reviewed${found.reviewed_by != null ? ` by ${found.reviewed_by}` : ''}.`)
    return
  }
  if (entry.requester.id === actor.id) { await reply(`you can't review your own break-glass ${found.id}; someone else from '${entry.group}' has to.`); return }
  if (!hasRole(robot, actor.id, entry.group)) { await reply(`only people with the '${entry.group}' role can review ${found.id}.`); return }
  // delete() is true for one caller only: two reviewers at once still make one review.
  if (!await store.delete(`${UNREVIEWED_PREFIX}${found.id}`)) { await reply(`${found.id} was just reviewed by someone else.`); return }
  const outcome = await updateRequest(store, found.id, () => clock.now(), cur => ({ next: { ...cur, reviewed_by: actor.name } }))
  const req: ApprovalRequest = outcome?.ok === true ? outcome.after : found
  await auditRequest(robot, req, 'reviewed', actor.id, { break_glass: true, reason: entry.reason })
  await reply(`${actor.name} reviewed break-glass ${req.id} (${quoteCommand(req.command)} by ${req.requester.name}); it is off the unreviewed list.`)
}

export async function unreviewed (robot: Robot): Promise<UnreviewedEntry[]> {
  const { store } = botContext(robot)
  const keys = await store.keys(UNREVIEWED_PREFIX)
  const entries = await Promise.all(keys.map(async k => await store.get<UnreviewedEntry>(k)))
  return entries.filter((e): e is UnreviewedEntry => e != null).sort((a, b) => a.at - b.at)
}
