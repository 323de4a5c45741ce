// Listener middleware, in order: roles, then approval, then audit.
import type { Robot } from 'hubot'
import { auditMiddleware } from './audit.ts'
import { rolesMiddleware } from './roles.ts'

export function installMiddleware (robot: Robot): void {
  robot.listenerMiddleware(rolesMiddleware(robot))
  robot.listenerMiddleware(auditMiddleware(robot))
}
