// Description:
//   Roles, compatible with hubot-auth: who may run which commands. Only admins (the user
//   ids in HUBOT_AUTH_ADMIN) grant or revoke; every change is audited.
//
// Configuration:
//   HUBOT_AUTH_ADMIN - comma-separated chat user ids of the admins
//
// Commands:
//   hubot <user> has <role> role - give a user a role
//   hubot <user> doesn't have <role> role - take a role away
//   hubot what roles does <user> have - list a user's roles
//   hubot what roles do I have - list your roles
//   hubot who has <role> role - list the users with a role
//   hubot list assigned roles - every role given to someone
//   hubot what's my id - your chat user id
//   hubot what's my name - your chat name
//

import type { Response, Robot, TextMessage } from 'hubot'
import { BotError } from '../src/core/errors.ts'
import { ROLE_PATTERN, changeRole, resolveUser, rolesOf, showUser, showUsers, usersWithRole } from '../src/access/index.ts'
import { quoteInput } from '../src/chat/quote.ts'

// "who has x role" and "what roles ..." are questions, not a user named "who"; and
// "bob doesn't have x role" is a revoke, not a grant to "bob doesn't".
const NOT_A_USER = '(?!\\s*(?:who|what)\\b)'
// Phones and Slack's smart punctuation type "doesn’t" (U+2019): accept both apostrophes.
const NEGATION = "(?:doesn['’]?t|does not|don['’]?t|do not)"
const NOT_NEGATED = `(?!.*\\b${NEGATION} have )`

function parseRole (typed: string): string {
  const role = typed.trim().replace(/^["']|["']$/g, '').toLowerCase()
  if (!ROLE_PATTERN.test(role)) {
    throw new BotError('bad_input', `"${typed.trim()}" is not a role name: use lowercase letters, digits and _ . : - (e.g. deployers).`)
  }
  if (role === 'admin') {
    throw new BotError('bad_input', "the 'admin' role can only be given in the HUBOT_AUTH_ADMIN environment variable.")
  }
  return role
}

async function change (robot: Robot, res: Response<TextMessage>, grant: boolean): Promise<void> {
  const target = resolveUser(robot, res.match[1], res.message)
  const role = parseRole(res.match[2])
  const name = String(target.name)
  // Audited, then changed, then saved: OK is said only once all three held (see changeRole).
  const changed = await changeRole(robot, { actorId: res.message.user.id, targetId: target.id, targetName: name, role, grant })
  if (!changed) {
    await res.reply(grant ? `${name} already has the '${role}' role.` : `${name} doesn't have the '${role}' role.`)
    return
  }
  await res.reply(grant ? `OK, ${name} has the '${role}' role.` : `OK, ${name} doesn't have the '${role}' role.`)
}

export default (robot: Robot): void => {
  robot.respond(new RegExp(`${NOT_A_USER}${NOT_NEGATED}\\s*@?(.+?) (?:has|have) (["']?[\\w:.-]+["']?) role$`, 'i'),
    { id: 'roles.grant', roles: ['admin'] }, async (res) => { await change(robot, res, true) })

  robot.respond(new RegExp(`${NOT_A_USER}\\s*@?(.+?) ${NEGATION} have (["']?[\\w:.-]+["']?) role$`, 'i'),
    { id: 'roles.revoke', roles: ['admin'] }, async (res) => { await change(robot, res, false) })

  robot.respond(/what roles? (?:does|do) (.+?) have\??$/i, { id: 'roles.show' }, async (res) => {
    const user = resolveUser(robot, res.match[1], res.message)
    const roles = rolesOf(robot, user.id)
    const who = user.id === res.message.user.id ? 'You have' : `${showUser(robot, user)} has`
    await res.reply(roles.length > 0 ? `${who} the following roles: ${roles.join(', ')}.` : `${who} no roles.`)
  })

  robot.respond(/who has (?:the )?(["']?[\w:.-]+["']?) role\??$/i, { id: 'roles.who' }, async (res) => {
    const typed = res.match[1].replace(/["']/g, '').toLowerCase()
    const names = showUsers(robot, usersWithRole(robot, typed)).sort()
    const role = quoteInput(typed) // echoed cut short: the regex takes a role of any length
    await res.reply(names.length > 0
      ? `The following people have the '${role}' role: ${names.join(', ')}`
      : `There are no people that have the '${role}' role.`)
  })

  robot.respond(/list (?:assigned )?roles$/i, { id: 'roles.list' }, async (res) => {
    const roles = new Set<string>()
    for (const id of Object.keys(robot.brain.users())) for (const r of rolesOf(robot, id)) roles.add(r)
    await res.reply(roles.size > 0 ? `The following roles are assigned: ${[...roles].sort().join(', ')}` : 'No roles are assigned yet.')
  })

  robot.respond(/what(?:['’]s| is) my id\??$/i, { id: 'roles.my-id' }, async (res) => {
    await res.reply(`Your ID is ${res.message.user.id}.`)
  })

  robot.respond(/what(?:['’]s| is) my name\??$/i, { id: 'roles.my-name' }, async (res) => {
    await res.reply(`Your name is ${String(res.message.user.name)}.`)
  })
}
