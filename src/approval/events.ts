// Audit events for approval requests: one per state change, with the same fields every
// time (request_id, listener_id, command, room, requester_id, approver_ids, decision,
// reason) so a log server can filter on them.
import type { Robot } from 'hubot'
import { recordAudit } from '../access/index.ts'
import { botContext } from '../core/context.ts'
import type { ApprovalRequest } from './request.ts'

export type Decision = 'requested' | 'approved' | 'denied' | 'cancelled' | 'expired' | 'executed' | 'failed' | 'break-glass' | 'reviewed'

export async function auditRequest (robot: Robot, req: ApprovalRequest, decision: Decision, actorId: string, extra: { reason?: string | null, [k: string]: unknown } = {}): Promise<void> {
  await recordAudit(botContext(robot), {
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
}
