// Listener middleware, in order: roles, then approval, then audit.
import type { ListenerContext, Robot } from 'hubot'
import { approvalMiddleware } from './approval.ts'
import { auditMiddleware } from './audit.ts'
import type { ListenerMiddleware } from './fail-closed.ts'
import { rolesMiddleware } from './roles.ts'

export function installMiddleware (robot: Robot): void {
  robot.listenerMiddleware(inOrder([rolesMiddleware(robot), approvalMiddleware(robot), auditMiddleware(robot)]))
}

/**
 * The checks as one listener middleware, each run only if the one before let the command
 * through, as hubot runs those registered one by one. One registration: hubot awaits each
 * registered middleware in turn, several promise turns apiece, for every matched listener.
 */
function inOrder (checks: readonly ListenerMiddleware[]): ListenerMiddleware {
  const from = (context: ListenerContext, first: number): boolean | Promise<boolean> => {
    for (let i = first; i < checks.length; i++) {
      const verdict = checks[i](context)
      if (typeof verdict !== 'boolean') return verdict.then(go => go && from(context, i + 1))
      if (!verdict) return false
    }
    return true
  }
  // Exactly one parameter: hubot checks fn.length === 1.
  return (context: ListenerContext) => from(context, 0)
}
