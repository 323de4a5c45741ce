// The brain on Redis (REDIS_URL), stored per slot instead of one blob: each user is a
// field of <prefix>brain:users, each _private key a field of <prefix>brain:private, any
// other top-level key a field of <prefix>brain:data. Only changed slots are written, and
// each write is announced on <prefix>brain:changes with the slot names; the other bot
// processes read those fields back and merge them. hubot-redis-brain instead rewrites one
// JSON blob every 5 s, and with two processes the last writer silently wins.
import { randomBytes } from 'node:crypto'
import type { Robot } from 'hubot'
import type { Redis } from 'ioredis'
import { pingRedis, quit } from '../store/redis-client.ts'
import type { BrainPersistence } from './types.ts'
import { registerBrainPersistence } from './durable.ts'
import { FailureLog } from './failure-log.ts'
import { loadWriteScript, writeIfUnchanged, type SlotWrite } from './conditional-write.ts'
import { planRestore } from './restore.ts'
import { ChangeTracker, type Pending } from './changes.ts'
import { currentSlot, mergeSlot, parseSlotId, putSlot, slotId, SLOT_KINDS, snapshot, Slots, type SlotChange, type SlotKind } from './slots.ts'

export interface RedisBrainOptions {
  client: Redis
  /** A second connection: a subscribed Redis connection can do nothing else. */
  subscriber: Redis
  prefix: string
  /** How often unsaved changes are looked for (ms). */
  intervalMs?: number
}

// Field names per hash.
type SlotFields = Partial<Record<SlotKind, string[]>>
type Announcement = { origin: string } & SlotFields

export class RedisBrain implements BrainPersistence {
  // Sent with every change: short, as it is in every announcement.
  readonly origin = randomBytes(9).toString('base64url')
  /** Which slots may have changed; tests read its count of users serialised. */
  readonly changes = new ChangeTracker()
  private readonly client: Redis
  private readonly subscriber: Redis
  private readonly prefix: string
  private readonly intervalMs: number
  private robot: Robot | null = null
  private saved = new Slots()
  private timer: NodeJS.Timeout | null = null
  private closed = false
  private readonly failures = new FailureLog('Redis brain: save or merge failed; retrying every second', 'redis')
  private saveQueued = false
  // The highest brain:version this process has seen Redis hold (see conditional-write.ts).
  private seenVersion = 0
  // A resync that failed (Redis still coming back) is tried again on the next timer tick.
  private resyncPending = false
  // Saves and merges run one at a time, so the record of what is saved stays true.
  private queue: Promise<unknown> = Promise.resolve()

  constructor (options: RedisBrainOptions) {
    this.client = options.client
    this.subscriber = options.subscriber
    this.prefix = options.prefix
    this.intervalMs = options.intervalMs ?? 1000
  }

  private hash (kind: SlotKind): string { return `${this.prefix}brain:${kind}` }
  private get versionKey (): string { return `${this.prefix}brain:version` }
  get channel (): string { return `${this.prefix}brain:changes` }

  async attach (robot: Robot): Promise<void> {
    // Subscribed before loading, and merged only after it: no change falls in between.
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel === this.channel) void this.enqueue('load', () => this.merge(message))
    })
    try {
      await this.subscriber.subscribe(this.channel)
    } catch (err) {
      throw new Error(`cannot reach Redis at REDIS_URL (${(err as Error).message}); check the URL and that Redis is running`)
    }
    const load = this.enqueue('load', async () => {
      const { data, legacy } = await this.load(robot)
      robot.brain.mergeData(data)
      this.robot = robot
      registerBrainPersistence(robot, this)
      this.changes.track(robot)
      // An imported blob is not in our hashes yet: nothing counts as saved, so it all is.
      this.saved = legacy ? new Slots() : snapshot(robot.brain.data)
      if (legacy) {
        this.changes.requestFullCheck()
        await this.save()
      }
    })
    await load
    // Pub/sub does not queue: what was announced while the subscription was down is
    // missed, and an unmerged slot would later be overwritten with our stale copy. After
    // every reconnect, compare every slot with Redis instead.
    this.subscriber.on('ready', () => { this.scheduleResync() })
    // A resync that found this client still down (it fails fast then) runs once it is back.
    this.client.on('ready', () => { if (this.resyncPending) this.scheduleResync() })
    // Our own timer saves what changed, so hubot's five-second autosave is off, and a 'save'
    // is a script's robot.brain.save() (or the close): the hubot way to say "I changed the
    // brain", so every user is compared then (in chunks), kept references included.
    robot.brain.setAutoSave(false)
    robot.brain.on('save', () => {
      this.changes.requestFullCheck()
      this.scheduleSave()
    })
    this.timer = setInterval(() => {
      if (this.resyncPending) this.scheduleResync()
      this.scheduleSave()
    }, this.intervalMs)
    this.timer.unref()
    robot.logger.debug({ users: Object.keys(robot.brain.data.users).length }, 'brain loaded from Redis')
  }

  // One queued save is enough: it looks at the brain when it runs. This keeps a slow or
  // unreachable Redis from piling up a save per timer tick.
  private scheduleSave (): void {
    if (this.saveQueued) return
    this.saveQueued = true
    void this.enqueue('save', async () => {
      this.saveQueued = false
      await this.save()
    })
  }

  private scheduleResync (): void {
    if (this.closed) return
    this.resyncPending = false
    this.enqueue('load', () => this.resync()).catch(() => { this.resyncPending = true })
  }

  // Merges and resyncs read Redis into the brain: counted as loads.
  private enqueue (operation: 'save' | 'load', step: () => Promise<void>): Promise<void> {
    const run = this.queue.then(step)
    this.queue = run.then(() => this.failures.succeeded(this.robot), (err: unknown) => this.failures.failed(this.robot, err, operation))
    return run
  }

  private async load (robot: Robot): Promise<{ data: Record<string, unknown>, legacy: boolean }> {
    // Created once per prefix; from here on its absence means Redis lost data.
    await this.client.set(this.versionKey, '0', 'NX')
    await loadWriteScript(this.client)
    const [users, priv, other] = await Promise.all(SLOT_KINDS.map(kind => this.client.hgetall(this.hash(kind))))
    this.seenVersion = await this.readVersion()
    // A field that is not JSON is left out and left alone: it is neither in the brain nor
    // in what counts as saved, so it is never written back.
    const parsed = (kind: SlotKind, fields: Record<string, string>): Record<string, unknown> => {
      const out: Record<string, unknown> = {}
      for (const [field, json] of Object.entries(fields)) {
        try {
          out[field] = JSON.parse(json)
        } catch {
          robot.logger.error({ key: this.hash(kind), field }, 'Redis brain: a field is not JSON; skipped (fix or HDEL it)')
        }
      }
      return out
    }
    const data: Record<string, unknown> = { ...parsed('data', other), users: parsed('users', users), _private: parsed('private', priv) }
    if (Object.keys(users).length + Object.keys(priv).length + Object.keys(other).length > 0) return { data, legacy: false }
    // First start after hubot-redis-brain: its one blob lives at <prefix>storage.
    const legacy = await this.client.get(`${this.prefix}storage`)
    if (legacy == null) return { data, legacy: false }
    robot.logger.info({ key: `${this.prefix}storage` }, 'importing the hubot-redis-brain blob; it is saved per key from now on and the old key is left as it was')
    return { data: JSON.parse(legacy) as Record<string, unknown>, legacy: true }
  }

  /**
   * Writes the slots that changed since the last save and announces them, each only if
   * Redis still holds what we last saw; a slot changed meanwhile by another process is
   * merged (reconcile) and the save tried again. What it compares comes from the change
   * tracker and goes back to it when the save fails, so the next save tries it again.
   */
  private async save (options: { full?: boolean } = {}): Promise<void> {
    if (this.robot == null || this.closed) return
    if (options.full === true) this.changes.requestFullCheck()
    const pending = this.changes.take()
    try {
      await this.write(this.robot, pending)
    } catch (err) {
      this.changes.putBack(pending)
      throw err
    }
  }

  private async write (robot: Robot, pending: Pending): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const changes = await this.changes.changes(robot.brain.data, this.saved, pending)
      if (changes.length === 0) return
      const announce: Announcement = { origin: this.origin }
      const writes: SlotWrite[] = changes.map(([id, next]) => {
        const [kind, field] = parseSlotId(id)
        ;(announce[kind] ??= []).push(field)
        return { kind, field, expected: this.saved.get(id), next }
      })
      const result = await writeIfUnchanged(this.client, kind => this.hash(kind), this.versionKey, this.seenVersion, this.channel, JSON.stringify(announce), writes)
      if (result.kind === 'lost') {
        await this.restore(robot, result.found)
        pending.full = true
        continue
      }
      if (result.kind === 'written') {
        this.seenVersion = Math.max(this.seenVersion, result.version)
        this.markSaved(changes)
        return
      }
      // Read back per hash in one round trip (a first start's user sync can conflict on thousands).
      const conflicts: SlotFields = {}
      for (const i of result.indices) (conflicts[writes[i].kind] ??= []).push(writes[i].field)
      await this.readBack(robot, conflicts)
    }
    throw new Error('Redis brain: keys kept changing under this save; it is retried')
  }

  private markSaved (changes: SlotChange[]): void {
    for (const [id, next] of changes) {
      if (next === undefined) this.saved.delete(id)
      else this.saved.set(id, next)
    }
  }

  /** Reads the announced slots back from Redis and puts them into robot.brain.data. */
  private async merge (message: string): Promise<void> {
    const robot = this.robot
    if (robot == null || this.closed) return
    const announce = JSON.parse(message) as Announcement
    if (announce.origin === this.origin) return
    await this.readBack(robot, announce)
  }

  /** Reads `fields` of each hash back from Redis (one HMGET per hash) and reconciles each slot. */
  private async readBack (robot: Robot, fields: SlotFields): Promise<void> {
    for (const kind of SLOT_KINDS) {
      const names = fields[kind] ?? []
      if (names.length === 0) continue
      const values = await this.client.hmget(this.hash(kind), ...names)
      names.forEach((field, i) => { this.reconcile(robot, kind, field, values[i]) })
    }
  }

  /**
   * Brings one slot in line with `raw`, its value in Redis now. Unchanged here: take it.
   * Changed here too and not saved yet: take what only the other process changed (a role
   * granted there, the room set here; see mergeSlot), keep ours for the rest, and count
   * `raw` as what Redis holds, so the next save writes the result over it.
   */
  private reconcile (robot: Robot, kind: SlotKind, field: string, raw: string | null): void {
    const id = slotId(kind, field)
    // Skipped like on load: a field that is not JSON is neither merged nor overwritten.
    if (raw != null && !isJson(raw)) {
      robot.logger.error({ key: this.hash(kind), field }, 'Redis brain: a field is not JSON; skipped (fix or HDEL it)')
      return
    }
    const local = currentSlot(robot.brain.data, kind, field)
    if (local === this.saved.get(id)) {
      putSlot(robot, kind, field, raw == null ? undefined : JSON.parse(raw))
      const json = currentSlot(robot.brain.data, kind, field)
      if (json === undefined) this.saved.delete(id)
      else this.saved.set(id, json)
      return
    }
    const merged = local === undefined || raw == null ? undefined : mergeSlot(this.saved.get(id), local, JSON.parse(raw))
    // Only when it adds something: putSlot replaces a non-user value's object.
    if (merged !== undefined && JSON.stringify(merged) !== local) putSlot(robot, kind, field, merged)
    if (raw == null) this.saved.delete(id)
    else this.saved.set(id, raw)
    // Ours differs from Redis now: the next save writes it, even if nothing reported it.
    if (kind === 'users') this.changes.markUser(field)
  }

  /** Merges every slot that Redis holds or that we last saved, as if all were announced. */
  private async resync (): Promise<void> {
    if (this.robot == null || this.closed) return
    // ioredis re-subscribes right after 'ready'; a PING on the subscriber answers after
    // that SUBSCRIBE, so nothing published from here on is missed.
    await this.subscriber.ping()
    const found = await this.readVersion()
    if (found < this.seenVersion) {
      // Redis restarted empty (or from an older snapshot): its missing keys are a loss,
      // not deletions to copy. Write our copy back instead of merging the emptiness.
      await this.restore(this.robot, found)
      await this.save({ full: true })
    } else {
      const all: SlotFields = {}
      const gone: string[] = []
      for (const kind of SLOT_KINDS) {
        const fields = new Set(await this.client.hkeys(this.hash(kind)))
        for (const id of this.saved.keys()) {
          const [k, field] = parseSlotId(id)
          if (k !== kind || fields.has(field)) continue
          fields.add(field)
          if (kind === 'users') gone.push(field)
        }
        all[kind] = [...fields]
      }
      // Another process deleted them while our subscription was down (the version shows
      // Redis lost nothing): removed here too, but never silently.
      if (gone.length > 0) this.robot.logger.warn({ user_ids: gone }, 'Redis brain: users deleted by another process while disconnected; removed here too')
      if (!this.closed) await this.readBack(this.robot, all)
    }
    this.robot.logger.info('Redis brain: resynchronised after the change subscription reconnected')
  }

  private async readVersion (): Promise<number> {
    const raw = await this.client.get(this.versionKey)
    return raw == null ? -1 : Number(raw)
  }

  /**
   * Redis holds less than this process saw it hold (version `found`): takes what only
   * Redis has, and counts the rest as unsaved so the save that follows writes it back.
   */
  private async restore (robot: Robot, found: number): Promise<void> {
    const remote = new Slots()
    const hashes = await Promise.all(SLOT_KINDS.map(kind => this.client.hgetall(this.hash(kind))))
    SLOT_KINDS.forEach((kind, i) => {
      // Not JSON: neither taken nor overwritten, as on load.
      for (const [field, json] of Object.entries(hashes[i])) if (isJson(json)) remote.set(slotId(kind, field), json)
    })
    const plan = planRestore(snapshot(robot.brain.data), remote)
    for (const [id, json] of plan.taken) {
      const [kind, field] = parseSlotId(id)
      putSlot(robot, kind, field, JSON.parse(json))
    }
    const seen = this.seenVersion
    this.saved = plan.saved
    this.seenVersion = found
    const users = plan.restored.filter(id => parseSlotId(id)[0] === 'users').length
    robot.logger.error({ restored: plan.restored.length, restored_users: users, version_seen: seen, version_found: found },
      'Redis brain: Redis lost keys this process had saved (restarted without persistence, restored an older snapshot, or keys were deleted); writing this process\'s copy back')
  }

  async saveNow (): Promise<void> {
    if (this.robot == null) throw new Error('the brain is not loaded yet')
    // save() would return at once: not an answer to "did Redis take it?"
    if (this.closed) throw new Error('the Redis brain is closed (the bot is shutting down)')
    // Users added or deleted directly count too; looking for them serialises nothing.
    this.changes.requestMembershipCheck()
    await this.enqueue('save', () => this.save())
  }

  // At shutdown: every user is compared, so no change is left behind unreported.
  async flush (): Promise<void> {
    await this.enqueue('save', () => this.save({ full: true }))
  }

  async ping (): Promise<void> {
    await pingRedis(this.client)
  }

  async close (): Promise<void> {
    if (this.timer != null) clearInterval(this.timer)
    await this.flush().catch(() => {})
    this.closed = true
    await Promise.all([quit(this.subscriber), quit(this.client)])
  }
}

function isJson (text: string): boolean {
  try { JSON.parse(text); return true } catch { return false }
}
