// User ids become keys of a plain object (hubot's brain.data.users), and hubot's
// userForId reads `users[id]` without checking it is the object's own: for "__proto__" it
// returns Object.prototype, and the name and room then written on that "user" appear on
// every object in the process; for "constructor" or "hasOwnProperty" it returns a function
// whose `name` cannot be set, so every later line fails. Such ids are refused, once, for
// every caller (adapters, scripts, hubot itself): hubot-compat.ts guards hubot's lookups
// with these helpers.
import type { Robot, User } from 'hubot'
import { BotError } from '../core/errors.ts'
import { quoteInput } from '../chat/quote.ts'

// Every name a plain object answers to without owning it, plus `prototype` (a function's).
const RESERVED = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype'])

/** True for a key a plain object already answers to (`__proto__`, `constructor`, `toString`...). */
export function isReservedKey (key: string): boolean {
  return RESERVED.has(key)
}

export function reservedKeyError (key: string): BotError {
  return new BotError('bad_input', `can't be "${quoteInput(key)}": every JavaScript object already has that name; pick another`)
}

/** The brain's user with exactly this id, never an Object.prototype member. */
export function ownUser (robot: Robot, id: string): User | undefined {
  const users = robot.brain.data.users
  return Object.hasOwn(users, id) && id !== '__proto__' ? users[id] : undefined
}
