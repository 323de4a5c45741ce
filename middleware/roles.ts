// Enforces a listener's `roles: [...]` metadata: the user (by id) needs any one of them.
// Admins (HUBOT_AUTH_ADMIN) pass every role check: they could grant themselves any role.
import type { ListenerContext, Robot } from 'hubot'
import { adminsAre, mayRun, requiredRoles } from '../src/access/index.ts'
import { failClosed, type ListenerMiddleware } from './fail-closed.ts'

export function rolesMiddleware (robot: Robot): ListenerMiddleware {
  return failClosed(robot, 'roles', ({ listener, response }) => {
    const required = requiredRoles(listener)
    if (required.length === 0) return true
    if (mayRun(robot, response.message.user.id, required)) return true
    return refuse(robot, response, required)
  })
}

async function refuse (robot: Robot, response: ListenerContext['response'], required: readonly string[]): Promise<false> {
  if (required.length === 1 && required[0] === 'admin') {
    await response.reply(`only admins can do that; ${adminsAre(robot)}.`)
    return false
  }
  const needed = required.map(r => `'${r}'`).join(' or ')
  await response.reply(`you need the ${needed} role to do that; ask an admin: "${robot.name} <you> has ${required[0]} role"`)
  return false
}
