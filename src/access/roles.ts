// Roles, data-compatible with hubot-auth: lowercase strings on
// brain.data.users[id].roles; admins are the ids in HUBOT_AUTH_ADMIN and `admin` is
// never stored. Identity is always the chat user id.
import type { Robot, User } from 'hubot'
import { recordAudit } from './audit.ts'
import { saveBrainNow } from '../brain/index.ts'
import { botContext } from '../core/context.ts'
import { BotError } from '../core/errors.ts'

export const ROLE_PATTERN = /^[a-z0-9][a-z0-9_.:-]*$/

// The terminal's own user, made admin by the terminal adapter when HUBOT_AUTH_ADMIN is
// unset, so roles and approvals can be tried locally. Per robot and set only by that
// adapter: no other adapter (Slack above all) ever gets an admin nobody configured.
const terminalAdmins = new WeakMap<Robot, string>()

/** Called by the terminal adapter only; ignored when HUBOT_AUTH_ADMIN names admins. */
export function setTerminalAdmin (robot: Robot, userId: string): boolean {
  if (botContext(robot).config.auth.adminIds.length > 0) return false
  terminalAdmins.set(robot, userId)
  return true
}

/** The terminal's fallback admin, or null (HUBOT_AUTH_ADMIN set, or not the terminal). */
export function terminalAdmin (robot: Robot): string | null {
  return terminalAdmins.get(robot) ?? null
}

export function adminIds (robot: Robot): string[] {
  const configured = botContext(robot).config.auth.adminIds
  const fallback = terminalAdmins.get(robot)
  return configured.length === 0 && fallback != null ? [fallback] : configured
}

export function isAdmin (robot: Robot, userId: string): boolean {
  return adminIds(robot).includes(userId)
}

/** Who the admins are, for a refusal: where they are configured. */
export function adminsAre (robot: Robot): string {
  const fallback = terminalAdmin(robot)
  return fallback != null
    ? `HUBOT_AUTH_ADMIN is unset, so the admin is the terminal's own user (say "/as ${fallback}")`
    : 'admins are the user ids in HUBOT_AUTH_ADMIN'
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

export interface RoleChange {
  actorId: string
  targetId: string
  /** How chat names the target, for the reply. */
  targetName: string
  role: string
  grant: boolean
}

const NOT_AUDITED = "Not done: the audit trail could not be written (storage failed); nothing changed. Try again, and tell the bot's admins if it persists."

/**
 * Grants or revokes a role: its audit entry first, then the change, then a durable save,
 * so a change the bot confirms is on disk (or in Redis) and never exists without its
 * audit entry. Resolves false when there was nothing to change. Throws a BotError when
 * the audit entry or the save failed; nothing is changed then (a failed save is undone
 * in memory, so memory and storage agree, and a failure entry follows the audit entry).
 */
export async function changeRole (robot: Robot, change: RoleChange): Promise<boolean> {
  const { actorId, targetId, targetName, role, grant } = change
  const ctx = botContext(robot)
  if (storedRoles(robot.brain.data.users[targetId]).includes(role) === grant) return false
  const event = grant ? 'role.granted' : 'role.revoked'
  const fields = { actor_id: actorId, target_id: targetId, role }
  try {
    await recordAudit(ctx, { event, ...fields })
  } catch (err) {
    ctx.log.error({ err, ...fields }, `role change not made: its audit entry could not be written (${event})`)
    throw new BotError('unavailable', NOT_AUDITED)
  }
  setRole(robot, targetId, role, grant)
  try {
    await saveBrainNow(robot)
  } catch (err) {
    setRole(robot, targetId, role, !grant)
    ctx.log.error({ err, ...fields }, `role change undone: the brain could not be saved (${event})`)
    // The audit entry above says it happened; this one says it did not stick.
    await recordAudit(ctx, { event: grant ? 'role.grant_failed' : 'role.revoke_failed', ...fields, undoes: event, reason: `brain save failed: ${errorKind(err)}` })
      .catch((auditErr: unknown) => ctx.log.error({ err: auditErr, ...fields }, 'the failure of a role change could not be audited either'))
    throw new BotError('unavailable', `Not saved: the bot's storage is failing, so ${targetName} still ${grant ? "doesn't have" : 'has'} the '${role}' role; nothing changed. Try again, and tell the bot's admins if it persists.`)
  }
  return true
}

// Idempotent, so undoing a change is setting it the other way.
function setRole (robot: Robot, userId: string, role: string, present: boolean): void {
  const user = robot.brain.userForId(userId)
  const roles = storedRoles(user)
  if (roles.includes(role) === present) return
  user.roles = present ? [...roles, role] : roles.filter(r => r !== role)
}

// An errno code says what failed without a file path (the audit list is shown in chat).
function errorKind (err: unknown): string {
  const e = err as NodeJS.ErrnoException | undefined
  return e?.code ?? String(e?.message ?? err)
}

/** User ids holding a role (admins count for `admin`). */
export function usersWithRole (robot: Robot, role: string): string[] {
  const ids = Object.keys(robot.brain.data.users).filter(id => storedRoles(robot.brain.data.users[id]).includes(role))
  if (role === 'admin') return [...new Set([...adminIds(robot), ...ids])]
  return ids
}
