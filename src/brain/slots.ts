// The brain seen as separately saved slots: each user, each _private key and each other
// top-level key of robot.brain.data is one slot holding its JSON. Comparing slots with
// what was last saved tells exactly what changed, so an idle bot writes nothing and two
// processes changing different slots never overwrite each other.
import hubot, { type Brain, type Robot } from 'hubot'

export type SlotKind = 'users' | 'private' | 'data'
export const SLOT_KINDS: SlotKind[] = ['users', 'private', 'data']

/** slot id ("users\u0000U123") -> JSON */
export type Slots = Map<string, string>

export function slotId (kind: SlotKind, field: string): string { return `${kind}\u0000${field}` }
export function parseSlotId (id: string): [SlotKind, string] {
  const at = id.indexOf('\u0000')
  return [id.slice(0, at) as SlotKind, id.slice(at + 1)]
}

export function snapshot (data: Brain['data']): Slots {
  const slots: Slots = new Map()
  const add = (kind: SlotKind, field: string, value: unknown): void => {
    const json = value === undefined ? undefined : JSON.stringify(value)
    if (json !== undefined) slots.set(slotId(kind, field), json)
  }
  for (const [id, user] of Object.entries(data.users ?? {})) add('users', id, user)
  for (const [key, value] of Object.entries(data._private ?? {})) add('private', key, value)
  for (const [key, value] of Object.entries(data)) {
    if (key !== 'users' && key !== '_private') add('data', key, value)
  }
  return slots
}

export interface SlotChanges { written: Array<[string, string]>, removed: string[] }

export function diff (saved: Slots, now: Slots): SlotChanges {
  const written: Array<[string, string]> = []
  for (const [id, json] of now) if (saved.get(id) !== json) written.push([id, json])
  const removed = [...saved.keys()].filter(id => !now.has(id))
  return { written, removed }
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
