// The audit trail: one JSON log line with audit: true (for ELK) and one entry in the
// shared store's capped audit list (for `audit [n]` in chat), per event.
import type { BotContext } from '../core/context.ts'

export const AUDIT_KEY = 'audit'
/** Retention: the newest entries kept in the store (the log keeps everything). */
export const AUDIT_CAP = 10_000

export interface AuditEvent {
  event: string
  actor_id: string
  [field: string]: unknown
}

export async function recordAudit (ctx: Pick<BotContext, 'log' | 'store' | 'clock'>, event: AuditEvent): Promise<void> {
  const entry = { at: new Date(ctx.clock.now()).toISOString(), ...event }
  // Logged first: the log server keeps the whole trail even while the store fails.
  ctx.log.info({ audit: true, ...entry }, `audit: ${event.event}`)
  try {
    await ctx.store.append(AUDIT_KEY, entry, AUDIT_CAP)
  } catch (err) {
    // Follows the line above, so the log does not read as if the entry existed (a role
    // change, for one, is then not made).
    ctx.log.error({ err, audit_not_stored: true, ...entry }, `audit entry could not be stored (${event.event})`)
    throw err
  }
}

export async function recentAudit (ctx: Pick<BotContext, 'store'>, count: number): Promise<Array<AuditEvent & { at: string }>> {
  return await ctx.store.tail(AUDIT_KEY, count)
}
