// Audit events for approval requests: one per state change, with the same fields every
// time (request_id, listener_id, command, room, requester_id, approver_ids, decision,
// reason) so a log server can filter on them.
import type { Robot } from 'hubot'
import { recordAudit } from '../access/index.ts'
import { botContext } from '../core/context.ts'
import { metricsOf } from '../core/metrics.ts'
import type { ApprovalRequest } from './request.ts'

export type Decision = 'requested' | 'approved' | 'denied' | 'cancelled' | 'expired' | 'executed' | 'failed' | 'break-glass' | 'reviewed'

// Decisions that end the wait for approvers: their time since the request is observed.
const FINAL = new Set<Decision>(['approved', 'denied', 'cancelled', 'expired', 'break-glass'])

export async function auditRequest (robot: Robot, req: ApprovalRequest, decision: Decision, actorId: string, extra: { reason?: string | null, [k: string]: unknown } = {}): Promise<void> {
  const ctx = botContext(robot)
  await recordAudit(ctx, {
    event: `approval.${decision}`,
    actor_id: actorId,
    request_id: req.id,
    listener_id: req.listener_id,
    command: req.command,
    room: req.room,
    requester_id: req.requester.id,
    approver_ids: req.approvals,
    decision,
    ...extra,
    reason: extra.reason ?? null
  })
  count(robot, req, decision, ctx.clock.now())
}

function count (robot: Robot, req: ApprovalRequest, decision: Decision, now: number): void {
  const metrics = metricsOf(robot)
  if (metrics == null) return
  // An approval short of the quorum is a vote, not the request's new state.
  if (decision === 'approved' && req.state !== 'executing') return
  metrics.approvals.inc({ state: decision })
  if (decision === 'requested') metrics.holds.set(req.listener_id, (metrics.holds.get(req.listener_id) ?? 0) + 1)
  if (FINAL.has(decision)) metrics.approvalSeconds.observe({ state: decision }, Math.max(0, now - req.created_at) / 1000)
}
