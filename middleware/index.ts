// Listener middleware, in order: roles, then approval, then audit.
import type { Robot } from 'hubot'
import { approvalMiddleware } from './approval.ts'
import { auditMiddleware } from './audit.ts'
import { rolesMiddleware } from './roles.ts'

export function installMiddleware (robot: Robot): void {
  robot.listenerMiddleware(rolesMiddleware(robot))
  robot.listenerMiddleware(approvalMiddleware(robot))
  robot.listenerMiddleware(auditMiddleware(robot))
}
