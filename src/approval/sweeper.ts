// Tells the requester, once, when a request expired without its approvals. The change
// pending -> expired is a compare-and-set, so with two bot processes sweeping the same
// store only one of them speaks. A timer calls sweepExpired; tests call it directly
// with a manual clock.
import type { Robot } from 'hubot'
import { botContext } from '../core/context.ts'
import { requestEnvelope } from './dispatch.ts'
import { auditRequest } from './events.ts'
import { listRequests, updateRequest } from './request.ts'
import { quoteCommand } from '../chat/quote-command.ts'

export const SWEEP_INTERVAL_MS = 30_000

/** Expires overdue pending requests; returns the ids this process expired. */
export async function sweepExpired (robot: Robot): Promise<string[]> {
  const { store, clock } = botContext(robot)
  const now = clock.now()
  const overdue = (await listRequests(store)).filter(r => r.state === 'pending' && r.expires_at <= now)
  const expired: string[] = []
  for (const candidate of overdue) {
    const outcome = await updateRequest(store, candidate.id, () => clock.now(), cur =>
      cur.state === 'pending' && cur.expires_at <= clock.now() ? { next: { ...cur, state: 'expired' } } : { refused: 'not overdue' })
    if (outcome?.ok !== true) continue
    const req = outcome.after
    expired.push(req.id)
    await auditRequest(robot, req, 'expired', 'system')
    const approvals = req.approvals.length > 0 ? ` with ${req.approvals.length} of ${req.policy.quorum} approvals` : ' without approval'
    await robot.reply(requestEnvelope(robot, req), `your request ${req.id} (${quoteCommand(req.command)}) expired${approvals}; run the command again if it's still needed.`)
  }
  return expired
}

/** Starts the timer; it stops itself when the bot stops taking work (shutdown). */
export function startSweeper (robot: Robot, intervalMs = SWEEP_INTERVAL_MS): () => void {
  const { work, log } = botContext(robot)
  const timer = setInterval(() => {
    if (!work.isAccepting) { clearInterval(timer); return }
    work.track(sweepExpired(robot)).catch((err: unknown) => log.error({ err }, 'approval sweeper failed; will retry'))
  }, intervalMs)
  timer.unref() // never keeps the process alive
  return () => clearInterval(timer)
}
