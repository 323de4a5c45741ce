// Turns what someone typed for a person into a user id: a chat name, @name, "I"/"me",
// or a Slack mention <@U123>. A mention resolves by id (never by display name); a name
// that matches nobody or several people is an error that says which.
import type { Robot, TextMessage, User } from 'hubot'
import { BotError } from './errors.ts'

interface Mention { id: string, type?: string }

function byName (robot: Robot, name: string): User[] {
  const users = Object.values(robot.brain.users())
  const lower = name.toLowerCase()
  const exact = users.filter(u => String(u.name ?? '').toLowerCase() === lower)
  if (exact.length > 0) return exact
  return users.filter(u => typeof u.real_name === 'string' && u.real_name.toLowerCase() === lower)
}

/** The brain's user with exactly this id; never an Object.prototype member (<@constructor>). */
function userById (robot: Robot, id: string): User | undefined {
  const users = robot.brain.data.users
  return Object.hasOwn(users, id) ? users[id] : undefined
}

export function resolveUser (robot: Robot, typed: string, message: TextMessage): User {
  const text = typed.trim()
  if (/^(i|me|myself)$/i.test(text)) return message.user
  const mention = /^<@([\w.-]+)(?:\|[^>]*)?>$/i.exec(text)
  if (mention != null) {
    const user = userById(robot, mention[1])
    if (user == null) throw new BotError('not_found', `I don't know the user ${text} yet; ask them to say something, or try again after the user list syncs.`)
    return user
  }
  const name = text.replace(/^@/, '')
  // A Slack adapter turns <@U123> into @name and keeps the ids in message.mentions: prefer those.
  const mentions = (message as unknown as { mentions?: Mention[] }).mentions ?? []
  for (const m of mentions) {
    const user = userById(robot, m.id)
    if (user != null && String(user.name ?? '').toLowerCase() === name.toLowerCase()) return user
  }
  const found = byName(robot, name)
  if (found.length === 1) return found[0]
  if (found.length === 0) throw new BotError('not_found', `I don't know anyone called "${name}". Check the spelling, or mention them (@name).`)
  const ids = found.map(u => `${String(u.name)} (${u.id})`).join(', ')
  throw new BotError('ambiguous', `"${name}" could be several people: ${ids}. Mention the one you mean (@name).`)
}
