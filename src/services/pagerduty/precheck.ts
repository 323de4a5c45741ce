// What a held command checks before anyone is asked to approve it, beyond what its handler
// would look up anyway. A service typed as an id needs no lookup to run, so without this a
// maintenance window on PSVCWEB was put up for approval while PagerDuty rejected the key,
// was down, or had no such service; the approver's click then only produced the error.
import { BotError } from '../../core/errors.ts'
import { PD_ID } from './args.ts'
import type { PagerDuty } from './for-robot.ts'
import { findServices } from './incident-commands.ts'

/** Each name is exactly one service and each id is a service PagerDuty has; throws the reason otherwise. */
export async function checkServices (pd: PagerDuty, typed: string[]): Promise<void> {
  await findServices(pd, typed.filter(t => !PD_ID.test(t)))
  const ids = typed.filter(t => PD_ID.test(t))
  if (ids.length === 0) return
  let known: Set<string>
  try {
    // One list for every id (remembered a few minutes, like the name lookups).
    known = new Set((await pd.cached('services-all', () => pd.client.listServices())).map(s => s.id ?? ''))
  } catch (err) {
    // Too many services to list: PagerDuty still checks the ids when the window is made.
    if (err instanceof BotError && err.code === 'unavailable') return
    throw err
  }
  const missing = ids.filter(id => !known.has(id))
  if (missing.length > 0) throw new BotError('not_found', `No service has the id ${missing.join(', ')}. Check it (say "pager services" to list them).`)
}
