// Records every privileged command that is about to run (one that declares roles or
// approval), after the role and approval checks passed. Fails closed like the others:
// a command whose audit entry cannot be written does not run.
import type { Robot } from 'hubot'
import { recordAudit, type ChatListenerOptions } from '../src/access/index.ts'
import { botContext } from '../src/core/context.ts'
import { failClosed, type ListenerMiddleware } from './fail-closed.ts'

// A full disk or an unreachable Redis is a storage failure, and says so: the generic
// "couldn't check whether you may run that" reads like a permission problem.
const NOT_AUDITED = "the audit trail could not be written: storage is failing; the command did not run. Try again; if it keeps failing, tell the bot's admins."

export function auditMiddleware (robot: Robot): ListenerMiddleware {
  return failClosed(robot, 'audit', ({ listener, response }) => {
    const options = listener.options as Partial<ChatListenerOptions>
    const ctx = botContext(robot)
    const privileged = (options.roles?.length ?? 0) > 0 || options.approval != null
    // Most commands are neither privileged nor logged (debug is off in production): nothing to build.
    if (!privileged && !ctx.log.isLevelEnabled('debug')) return true
    const fields = { listener_id: options.id ?? null, actor_id: response.message.user.id, room: response.message.room, command: response.message.text }
    if (!privileged) {
      ctx.log.debug(fields, 'command')
      return true
    }
    // A failure is logged and refused by failClosed, with NOT_AUDITED as the sentence.
    return recordAudit(ctx, { event: 'command', ...fields }).then(() => true)
  }, NOT_AUDITED)
}
