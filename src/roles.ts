// Roles, data-compatible with hubot-auth: lowercase strings on
// brain.data.users[id].roles; admins are the ids in HUBOT_AUTH_ADMIN and `admin` is
// never stored. Identity is always the chat user id.
import type { Robot, User } from 'hubot'
import { botContext } from './context.ts'

export const ROLE_PATTERN = /^[a-z0-9][a-z0-9_.:-]*$/

export function isAdmin (robot: Robot, userId: string): boolean {
  return botContext(robot).config.auth.adminIds.includes(userId)
}

/**
 * The roles stored on a user, without `admin`: only HUBOT_AUTH_ADMIN makes an admin, so an
 * `admin` left in a brain (imported, or written by another script) grants nothing.
 */
function storedRoles (user: User | undefined): string[] {
  const roles = user?.roles
  return Array.isArray(roles) ? roles.filter((r): r is string => typeof r === 'string' && r !== 'admin') : []
}

/** Every role of a user id, including `admin` for configured admins. */
export function rolesOf (robot: Robot, userId: string): string[] {
  const roles = storedRoles(robot.brain.data.users[userId])
  return isAdmin(robot, userId) ? ['admin', ...roles] : roles
}

export function hasRole (robot: Robot, userId: string, role: string): boolean {
  return rolesOf(robot, userId).includes(role.toLowerCase())
}

/** Whether a user may run a listener that declares `required` roles (any one; admins always). */
export function mayRun (robot: Robot, userId: string, required: string[]): boolean {
  if (required.length === 0 || isAdmin(robot, userId)) return true
  const has = rolesOf(robot, userId)
  return required.some(r => has.includes(r.toLowerCase()))
}

/** Adds a role; false when the user had it already. */
export function grantRole (robot: Robot, userId: string, role: string): boolean {
  const user = robot.brain.userForId(userId)
  const roles = storedRoles(user)
  if (roles.includes(role)) return false
  user.roles = [...roles, role]
  robot.brain.save() // persistence writes just what changed
  return true
}

/** Removes a role; false when the user did not have it. */
export function revokeRole (robot: Robot, userId: string, role: string): boolean {
  const user = robot.brain.data.users[userId]
  const roles = storedRoles(user)
  if (user == null || !roles.includes(role)) return false
  user.roles = roles.filter(r => r !== role)
  robot.brain.save() // persistence writes just what changed
  return true
}

/** User ids holding a role (admins count for `admin`). */
export function usersWithRole (robot: Robot, role: string): string[] {
  const ids = Object.keys(robot.brain.data.users).filter(id => storedRoles(robot.brain.data.users[id]).includes(role))
  if (role === 'admin') return [...new Set([...botContext(robot).config.auth.adminIds, ...ids])]
  return ids
}
