// User ids become keys of a plain object (hubot's brain.data.users), and hubot's
// userForId reads `users[id]` without checking it is the object's own: for "__proto__" it
// returns Object.prototype, and the name and room then written on that "user" appear on
// every object in the process; for "constructor" or "hasOwnProperty" it returns a function
// whose `name` cannot be set, so every later line fails. Such ids are refused here, once,
// for every caller (adapters, scripts, hubot itself).
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

/**
 * Makes robot.brain.userForId refuse reserved ids (unless a user with that id is the
 * object's own property, e.g. loaded from an old brain) and userForName look only at the
 * users' own entries. Call once, right after the robot is created.
 */
export function guardUserLookups (robot: Robot): void {
  const brain = robot.brain
  const userForId = brain.userForId.bind(brain)
  brain.userForId = (id: string, options?: Record<string, unknown>): User => {
    const key = String(id)
    if (isReservedKey(key) && ownUser(robot, key) == null) throw reservedKeyError(key)
    return userForId(id, options)
  }
  // hubot's walks `for...in`, which also visits enumerable inherited keys.
  brain.userForName = (name: string): User | null => {
    const lower = String(name).toLowerCase()
    let found: User | null = null
    for (const id of Object.keys(brain.data.users)) {
      const user = ownUser(robot, id)
      if (user?.name != null && String(user.name).toLowerCase() === lower) found = user
    }
    return found
  }
}
