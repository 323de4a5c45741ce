// Who could approve a request: the users holding its group role, the requester excepted
// (nobody approves their own request). Admins count only for the group `admin`: approving
// takes the group role, admins included, so an admin who wants to approve grants it to
// themselves first, and that grant is audited. A request fewer people can approve than
// its quorum would sit until it expires; the request says so, with the way out.
import type { Robot } from 'hubot'
import { hasRole, usersWithRole } from '../access/index.ts'
import type { ApprovalRequest } from './request.ts'

export function possibleApprovers (robot: Robot, req: ApprovalRequest): string[] {
  return usersWithRole(robot, req.policy.group).filter(id => id !== req.requester.id)
}

/** ", but nobody has the 'oncall' role yet: ..." or null when enough people could approve. */
export function shortfallNote (robot: Robot, req: ApprovalRequest): string | null {
  const n = possibleApprovers(robot, req).length
  if (n >= req.policy.quorum) return null
  const group = req.policy.group
  const requester = req.requester.name
  const who = n > 0
    ? `only ${n} ${n === 1 ? 'person' : 'people'} besides ${requester} ${n === 1 ? 'has' : 'have'} the '${group}' role`
    : hasRole(robot, req.requester.id, group) ? `nobody but ${requester} has the '${group}' role` : `nobody has the '${group}' role yet`
  const fix = group === 'admin'
    ? 'admins are the user ids in HUBOT_AUTH_ADMIN'
    : `an admin can grant it with "${robot.name} <user> has ${group} role"`
  return `, but ${who}: ${fix}`
}
