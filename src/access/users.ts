// Turns what someone typed for a person into a user id: a chat name, @name, "I"/"me",
// or a Slack mention <@U123>. A mention resolves by id (never by display name); a name
// that matches nobody or several people is an error that says which. Also how people
// are shown: a name cut short, with the id when another user's name looks the same.
import type { Robot, TextMessage, User } from 'hubot'
import { BotError } from '../core/errors.ts'
import { quoteInput } from '../chat/quote.ts'
import { foldLookalikes } from '../chat/lookalike.ts'
import { ownUser } from './user-keys.ts'

interface Mention { id: string, type?: string }

function byName (robot: Robot, name: string): User[] {
  const users = Object.values(robot.brain.users())
  const lower = name.toLowerCase()
  const exact = users.filter(u => String(u.name ?? '').toLowerCase() === lower)
  if (exact.length > 0) return exact
  return users.filter(u => typeof u.real_name === 'string' && u.real_name.toLowerCase() === lower)
}

export function resolveUser (robot: Robot, typed: string, message: TextMessage): User {
  const text = typed.trim()
  if (/^(i|me|myself)$/i.test(text)) return message.user
  const mention = /^<@([\w.-]+)(?:\|[^>]*)?>$/i.exec(text)
  if (mention != null) {
    const user = ownUser(robot, mention[1])
    if (user == null) throw new BotError('not_found', `I don't know the user ${quoteInput(text)} yet; ask them to say something, or try again after the user list syncs.`)
    return user
  }
  const name = text.replace(/^@/, '')
  // A Slack adapter turns <@U123> into @name and keeps the ids in message.mentions: prefer those.
  const mentions = (message as unknown as { mentions?: Mention[] }).mentions ?? []
  for (const m of mentions) {
    const user = ownUser(robot, m.id)
    if (user != null && String(user.name ?? '').toLowerCase() === name.toLowerCase()) return user
  }
  const found = byName(robot, name)
  if (found.length === 1) return found[0]
  if (found.length === 0) throw new BotError('not_found', `I don't know anyone called "${quoteInput(name)}". Check the spelling, or mention them (@name).`)
  const ids = found.map(u => `${quoteInput(String(u.name))} (${u.id})`).join(', ')
  throw new BotError('ambiguous', `"${quoteInput(name)}" could be several people: ${ids}. Mention the one you mean (@name).`)
}

const shown = (user: User | undefined, id: string): string => user != null ? quoteInput(String(user.name ?? id)) : id

/**
 * How each of these user ids is shown in a reply: the name, cut short, plus " (id)" when
 * another known user's shown name looks the same ("alice" and "аlice"), so a reader can
 * tell them apart. An id with no user in the brain (an admin who never spoke) is the id.
 */
export function showUsers (robot: Robot, ids: string[]): string[] {
  const idsByFold = new Map<string, Set<string>>()
  const note = (id: string, text: string): void => {
    const key = foldLookalikes(text)
    idsByFold.set(key, (idsByFold.get(key) ?? new Set()).add(id))
  }
  for (const id of Object.keys(robot.brain.data.users)) note(id, shown(ownUser(robot, id), id))
  for (const id of ids) note(id, shown(ownUser(robot, id), id))
  return ids.map(id => {
    const text = shown(ownUser(robot, id), id)
    const alike = (idsByFold.get(foldLookalikes(text))?.size ?? 0) > 1
    return alike && text !== id ? `${text} (${id})` : text
  })
}

export function showUser (robot: Robot, user: User): string {
  return showUsers(robot, [user.id])[0]
}
