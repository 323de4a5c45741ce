// Description:
//   Peer approval for privileged commands: approve, deny, cancel and list requests;
//   break glass in an emergency; review break-glass runs; read the audit trail.
//
// Configuration:
//   HUBOT_APPROVAL_RULES - JSON overriding listeners' approval by id or glob
//   HUBOT_APPROVAL_RULES_FILE - the same rules from a file
//   HUBOT_APPROVAL_ROOM - room where requests made in a DM are posted
//   HUBOT_APPROVAL_BREAK_GLASS - true to allow break-glass
//
// Commands:
//   hubot approve <id> - approve a teammate's request (you need the request's group role)
//   hubot deny <id> [<reason>] - deny a request (anyone in its group)
//   hubot cancel <id> - cancel your own request
//   hubot approvals - list pending requests with age and expiry
//   hubot approval <id> - show one request
//   hubot break-glass <id> <reason> - run your own request now without approval
//   hubot review <id> - mark a break-glass run as reviewed (anyone in its group)
//   hubot approvals unreviewed - list break-glass runs not reviewed yet
//   hubot audit [<n>] - the last n audit events (admins too)
//

import type { Response, Robot, TextMessage } from 'hubot'
import { auditLine, recentAudit } from '../src/access/index.ts'
import { botContext } from '../src/core/context.ts'
import {
  approve, breakGlass, cancel, deny, detailText, findRequest, hhmm, listenForInteractions, listRequests, review, startSweeper, summaryLine, unreviewed,
  type Actor, type Reply
} from '../src/approval/index.ts'

const ID = '([A-Za-z0-9]{1,12})'
const AUDIT_MAX = 50

function actorOf (res: Response<TextMessage>): Actor {
  const user = res.message.user
  return { id: user.id, name: String(user.name ?? user.id), room: res.message.room }
}
const replyTo = (res: Response<TextMessage>): Reply => async (text: string) => await res.reply(text)

export default (robot: Robot): void => {
  robot.respond(new RegExp(`approve ${ID}$`, 'i'), { id: 'approvals.approve' }, async (res) => {
    await approve(robot, actorOf(res), res.match[1], replyTo(res))
  })

  robot.respond(new RegExp(`deny ${ID}(?:\\s+(.+))?$`, 'i'), { id: 'approvals.deny' }, async (res) => {
    await deny(robot, actorOf(res), res.match[1], res.match[2]?.trim() ?? null, replyTo(res))
  })

  robot.respond(new RegExp(`cancel ${ID}$`, 'i'), { id: 'approvals.cancel' }, async (res) => {
    await cancel(robot, actorOf(res), res.match[1], replyTo(res))
  })

  // The bare word, typed to see what it does, gets the usage instead of "I don't know how to".
  for (const [verb, usage] of [['approve', 'approve <id>'], ['deny', 'deny <id> [<reason>]'], ['cancel', 'cancel <id>'], ['approval', 'approval <id>']]) {
    robot.respond(new RegExp(`${verb}$`, 'i'), { id: `approvals.${verb}-usage` }, async (res) => {
      await res.reply(`usage: "${robot.name} ${usage}"; say "${robot.name} approvals" for the pending requests and their ids.`)
    })
  }

  robot.respond(/approvals$/i, { id: 'approvals.list' }, async (res) => {
    const { store, clock } = botContext(robot)
    const now = clock.now()
    const pending = (await listRequests(store)).filter(r => r.state === 'pending' && r.expires_at > now)
    await res.reply(pending.length === 0
      ? 'no requests are waiting for approval.'
      : `${pending.length} waiting for approval (at ${hhmm(now)}):\n${pending.map(r => summaryLine(robot, r, now)).join('\n')}`)
  })

  robot.respond(new RegExp(`approval ${ID}$`, 'i'), { id: 'approvals.show' }, async (res) => {
    const req = await findRequest(robot, res.match[1], replyTo(res))
    if (req != null) await res.reply(detailText(robot, req))
  })

  robot.respond(new RegExp(`break-glass ${ID}\\s+(\\S.*)$`, 'i'), { id: 'approvals.break-glass', roles: ['break-glass'] }, async (res) => {
    await breakGlass(robot, actorOf(res), res.match[1], res.match[2].trim(), replyTo(res))
  })

  robot.respond(new RegExp(`break-glass ${ID}$`, 'i'), { id: 'approvals.break-glass-usage' }, async (res) => {
    await res.reply(`break glass needs a reason: "${robot.name} break-glass ${res.match[1]} <why it can't wait>".`)
  })

  robot.respond(new RegExp(`review ${ID}$`, 'i'), { id: 'approvals.review' }, async (res) => {
    await review(robot, actorOf(res), res.match[1], replyTo(res))
  })

  robot.respond(/approvals unreviewed$/i, { id: 'approvals.unreviewed' }, async (res) => {
    const entries = await unreviewed(robot)
    const { clock } = botContext(robot)
    await res.reply(entries.length === 0
      ? 'no break-glass runs are waiting for review.'
      : `${entries.length} break-glass run(s) not reviewed yet:\n${entries.map(e => `${e.id} ${e.requester.name}: "${e.command}" at ${hhmm(e.at, clock.now())}; reason: ${e.reason}; review by '${e.group}'`).join('\n')}`)
  })

  robot.respond(/audit(?:\s+(\d{1,4}))?$/i, { id: 'approvals.audit', roles: ['auditor'] }, async (res) => {
    const n = Math.min(Math.max(Number(res.match[1] ?? 10), 1), AUDIT_MAX)
    const entries = await recentAudit(botContext(robot), n)
    await res.reply(entries.length === 0 ? 'the audit trail is empty.' : `last ${entries.length} audit event(s), oldest first:\n${entries.map(e => auditLine(robot, e)).join('\n')}`)
  })

  listenForInteractions(robot)
  startSweeper(robot)
}
