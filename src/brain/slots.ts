// The brain seen as separately saved slots: each user, each _private key and each other
// top-level key of robot.brain.data is one slot holding its JSON. Comparing a slot with
// what was last saved tells whether it changed, so an idle bot writes nothing and two
// processes changing different slots never overwrite each other.
import hubot, { type Brain, type Robot } from 'hubot'

export type SlotKind = 'users' | 'private' | 'data'
export const SLOT_KINDS: SlotKind[] = ['users', 'private', 'data']

export function slotId (kind: SlotKind, field: string): string { return `${kind}\u0000${field}` }
export function parseSlotId (id: string): [SlotKind, string] {
  const at = id.indexOf('\u0000')
  return [id.slice(0, at) as SlotKind, id.slice(at + 1)]
}

/**
 * Slot id ("users\u0000U123") -> JSON, kept per kind: a save looks at every _private and
 * data slot but only some users, so it lists those kinds without walking the users.
 */
export class Slots {
  private readonly byKind: Record<SlotKind, Map<string, string>> = { users: new Map(), private: new Map(), data: new Map() }

  constructor (entries: Iterable<[string, string]> = []) {
    for (const [id, json] of entries) this.set(id, json)
  }

  /** field -> JSON of one kind: the live map, not a copy. */
  of (kind: SlotKind): Map<string, string> { return this.byKind[kind] }

  get (id: string): string | undefined {
    const [kind, field] = parseSlotId(id)
    return this.byKind[kind].get(field)
  }

  has (id: string): boolean { return this.get(id) !== undefined }

  set (id: string, json: string): void {
    const [kind, field] = parseSlotId(id)
    this.byKind[kind].set(field, json)
  }

  delete (id: string): void {
    const [kind, field] = parseSlotId(id)
    this.byKind[kind].delete(field)
  }

  * [Symbol.iterator] (): IterableIterator<[string, string]> {
    for (const kind of SLOT_KINDS) for (const [field, json] of this.byKind[kind]) yield [slotId(kind, field), json]
  }

  * keys (): IterableIterator<string> {
    for (const [id] of this) yield id
  }
}

/** A slot's JSON now, or undefined when it is gone. */
export type SlotChange = [id: string, json: string | undefined]

/** Every slot as JSON: one JSON.stringify per user, so only on load and in rare repairs. */
export function snapshot (data: Brain['data']): Slots {
  const slots = new Slots()
  const add = (kind: SlotKind, field: string, value: unknown): void => {
    const json = value === undefined ? undefined : JSON.stringify(value)
    if (json !== undefined) slots.of(kind).set(field, json)
  }
  for (const [id, user] of Object.entries(data.users ?? {})) add('users', id, user)
  for (const [key, value] of Object.entries(data._private ?? {})) add('private', key, value)
  for (const [key, value] of Object.entries(data)) {
    if (key !== 'users' && key !== '_private') add('data', key, value)
  }
  return slots
}

/** The JSON of one slot as it is in the brain now (undefined when absent). */
export function currentSlot (data: Brain['data'], kind: SlotKind, field: string): string | undefined {
  const value = kind === 'users' ? data.users?.[field] : kind === 'private' ? data._private?.[field] : data[field]
  return value === undefined ? undefined : JSON.stringify(value)
}

/** Puts one slot's value (undefined: removes it) into robot.brain.data. */
export function putSlot (robot: Robot, kind: SlotKind, field: string, value: unknown): void {
  const data = robot.brain.data
  if (kind === 'users') {
    if (value == null) {
      delete data.users[field]
      return
    }
    const { id: _id, ...fields } = value as Record<string, unknown>
    const existing = data.users[field] as unknown as Record<string, unknown> | undefined
    if (existing instanceof hubot.User) {
      // Updated in place: a listener holding this User (res.message.user) keeps writing
      // to the brain's object instead of an orphan that is never saved.
      for (const key of Object.keys(existing)) {
        if (key !== 'id' && typeof existing[key] !== 'function' && !(key in fields)) delete existing[key]
      }
      Object.assign(existing, fields)
      return
    }
    // A hubot User, as Brain#mergeData would rebuild it (the robot reference is not saved).
    data.users[field] = new hubot.User(field, { ...fields, robot })
  } else if (kind === 'private') {
    if (value === undefined) delete data._private[field]
    else data._private[field] = value
  } else if (value === undefined) {
    delete data[field]
  } else {
    data[field] = value
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => v != null && typeof v === 'object' && !Array.isArray(v)

const isSet = (v: unknown): v is Array<string | number | boolean> =>
  Array.isArray(v) && v.every(x => ['string', 'number', 'boolean'].includes(typeof x))

/** A list of plain values changed on both sides (roles): their additions and removals both apply. */
function mergeSets (base: unknown, local: unknown[], remote: unknown[]): unknown[] {
  const before = isSet(base) ? base : []
  const added = remote.filter(x => !before.includes(x as never) && !local.includes(x))
  const removed = before.filter(x => !remote.includes(x))
  return [...local.filter(x => !removed.includes(x as never)), ...added]
}

/**
 * Three-way merge of one slot changed both here (not saved yet) and in another process:
 * each top-level field the other process changed and we did not is taken from it; a
 * list of plain values both changed (a user's roles) gets both sides' additions and
 * removals; any other field both changed keeps ours. Only for objects (users, most
 * script data); returns undefined when a side is not an object, and the caller keeps
 * the local value whole.
 */
export function mergeSlot (savedJson: string | undefined, localJson: string, remote: unknown): Record<string, unknown> | undefined {
  const base: unknown = savedJson === undefined ? {} : JSON.parse(savedJson)
  const local: unknown = JSON.parse(localJson)
  if (!isRecord(base) || !isRecord(local) || !isRecord(remote)) return undefined
  const merged: Record<string, unknown> = { ...local }
  for (const key of new Set([...Object.keys(base), ...Object.keys(remote)])) {
    const before = JSON.stringify(base[key])
    if (JSON.stringify(remote[key]) === before) continue
    if (JSON.stringify(local[key]) !== before) {
      const [l, r] = [local[key], remote[key]]
      if (isSet(l) && isSet(r) && (base[key] === undefined || isSet(base[key]))) merged[key] = mergeSets(base[key], l, r)
      continue
    }
    if (key in remote) merged[key] = remote[key]
    else delete merged[key]
  }
  return merged
}
