// Everyone in the workspace is in robot.brain, so commands can name people who never
// spoke (roles, approvals). hubot-slack 3.8's own sync calls users.list with a callback,
// which @slack/web-api 6 ignores: the callback never runs and the brain stays empty. We
// page users.list ourselves (cursor + limit) at start and apply user_change and team_join
// events (the app must subscribe to both, with the users:read scope).
// Fields are set on the existing User object: other code keeps data there (roles).
import type { Robot, User } from 'hubot'
import type { UsersListResponse, WebClient } from '@slack/web-api'
import type { Clock } from '../../core/clock.ts'
import type { Logger } from '../../core/log.ts'
import { withRateLimitRetry } from './outbox.ts'
import { isReservedKey } from '../../access/user-keys.ts'

export type SlackMember = NonNullable<UsersListResponse['members']>[number]

/** Writes a Slack user onto the brain's User for that id (created when new). */
export function applyMember (robot: Robot, member: SlackMember): User | null {
  if (member.id == null || member.id === '' || isReservedKey(member.id)) return null // __proto__ & co. cannot be brain keys
  // No `room` in the options: hubot's userForId replaces the User when room differs.
  const user = robot.brain.userForId(member.id)
  if (member.name != null) user.name = member.name
  const realName = member.real_name ?? member.profile?.real_name
  if (realName != null) user.real_name = realName
  if (member.profile?.email != null) user.email_address = member.profile.email
  // A small, stable subset: the brain is saved whole, so no avatars or custom fields.
  user.slack = {
    team_id: member.team_id,
    display_name: member.profile?.display_name,
    is_bot: member.is_bot ?? false,
    deleted: member.deleted ?? false,
    tz: member.tz
  }
  return user
}

export interface SyncOptions { web: WebClient, log: Logger, clock: Clock, pageSize?: number }

/** Pages through users.list; resolves with the number of users written. */
export async function syncUsers (robot: Robot, o: SyncOptions): Promise<number> {
  const limit = o.pageSize ?? 200 // Slack recommends no more than 200 per page
  let cursor: string | undefined
  let count = 0
  let pages = 0
  do {
    const page: UsersListResponse = await withRateLimitRetry(
      async () => await o.web.users.list({ limit, ...(cursor != null ? { cursor } : {}) }),
      { log: o.log, clock: o.clock, method: 'users.list' })
    pages++
    for (const member of page.members ?? []) {
      if (applyMember(robot, member) != null) count++
    }
    cursor = page.response_metadata?.next_cursor
  } while (cursor != null && cursor !== '')
  robot.brain.save()
  o.log.info({ users: count, pages }, `Slack users synced: ${count} users`)
  return count
}
