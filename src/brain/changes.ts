// Which slots differ from what was last saved, found without serialising every user on
// every save. Users are compared when something said they may have changed: hubot's
// userForId and userForName (adapters, scripts and our own code fetch a user through
// them before changing it), every received message's sender and every listener run's user (the runtime's
// hubot compatibility file reports those). The _private and other top-level slots are few
// and scripts change them in place, so every save compares them all. saveNow() also looks
// for users added to or deleted from brain.data.users directly (a lookup per user, nothing
// serialised). Code that keeps a User object and changes it later, outside all of that,
// says so the hubot way, robot.brain.save(): that asks for a full check, as do shutdown
// and a restore, run in chunks so the event loop never stalls. Nothing compares unchanged
// users on a timer: an idle brain's cost does not grow with its users.
import type { Brain, Robot } from 'hubot'
import { slotId, type SlotChange, type SlotKind, type Slots } from './slots.ts'

const trackers = new WeakMap<Robot, ChangeTracker>()

/** Says a user of this robot's brain may have changed: its next save compares it. */
export function noteUserChange (robot: Robot, id: string): void {
  trackers.get(robot)?.markUser(id)
}

/** Users compared per turn of the event loop in a full check (~1 ms each turn). */
const CHUNK = 500

/**
 * What one save compares: the users marked since the last one, plus those added or
 * deleted (members), or all of them (full).
 */
export interface Pending { users: Set<string>, members: boolean, full: boolean }

export class ChangeTracker {
  private marked = new Set<string>()
  private members = false
  private full = false
  /** How many users were serialised to compare them: tests count the work with it. */
  usersSerialised = 0
  /** Called on every mark: a brain that saves on demand schedules its save here. */
  onMark: () => void = () => {}

  /** Starts receiving this robot's marks (noteUserChange). */
  track (robot: Robot): void { trackers.set(robot, this) }

  markUser (id: string): void { this.marked.add(id); this.onMark() }

  /** The next save also compares users added to or deleted from brain.data.users. */
  requestMembershipCheck (): void { this.members = true; this.onMark() }

  /** The next save compares every user. */
  requestFullCheck (): void { this.full = true; this.onMark() }

  /** Takes what the next save compares; hand it back (putBack) if that save fails. */
  take (): Pending {
    const pending = { users: this.marked, members: this.members, full: this.full }
    this.marked = new Set()
    this.members = false
    this.full = false
    return pending
  }

  putBack (pending: Pending): void {
    for (const id of pending.users) this.marked.add(id)
    if (pending.members) this.members = true
    if (pending.full) this.full = true
  }

  /** The slots in `pending` and every non-user slot whose JSON differs from `saved`. */
  async changes (data: Brain['data'], saved: Slots, pending: Pending): Promise<SlotChange[]> {
    const found: SlotChange[] = []
    const compare = (kind: SlotKind, field: string, value: unknown): void => {
      if (kind === 'users' && value !== undefined) this.usersSerialised++
      const json = value === undefined ? undefined : JSON.stringify(value)
      if (json !== saved.of(kind).get(field)) found.push([slotId(kind, field), json])
    }
    const scan = (kind: SlotKind, values: Record<string, unknown>): void => {
      for (const [field, value] of Object.entries(values)) compare(kind, field, value)
      for (const field of saved.of(kind).keys()) if (!Object.hasOwn(values, field)) found.push([slotId(kind, field), undefined])
    }
    const users: Record<string, unknown> = data.users ?? {}
    const others: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(data)) if (key !== 'users' && key !== '_private') others[key] = value
    scan('private', data._private ?? {})
    scan('data', others)
    const savedUsers = saved.of('users')
    const ids = new Set(pending.full ? Object.keys(users) : pending.users)
    if (pending.full || pending.members) {
      if (!pending.full) for (const id of Object.keys(users)) if (!savedUsers.has(id)) ids.add(id)
      for (const id of savedUsers.keys()) if (!Object.hasOwn(users, id)) ids.add(id)
    }
    // In chunks: a full check, or a first sync that fetched every user through userForId.
    let done = 0
    for (const id of ids) {
      if (done > 0 && done % CHUNK === 0) await new Promise(resolve => setImmediate(resolve))
      done++
      compare('users', id, Object.hasOwn(users, id) ? users[id] : undefined)
    }
    return found
  }
}
