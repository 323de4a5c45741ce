// The embedded brain: robot.brain.data as one JSON file (HUBOT_BRAIN_FILE), written
// atomically (temp file, fsync, rename) so a kill -9 mid-save leaves the previous file.
// Loaded before any script runs; saved on robot.brain.save() and on a short timer, and
// only when a slot differs from what is on disk: an idle bot writes nothing and
// serialises no user (changes.ts says which slots are compared). The file is put together
// from each slot's JSON, so a change serialises the slots that changed, not the brain.
import { access, constants, mkdir } from 'node:fs/promises'
import path from 'node:path'
import type { Robot } from 'hubot'
import { readJsonFile, removeStaleTemps, SerialWriter, writeFileAtomic } from '../store/index.ts'
import type { BrainPersistence } from './types.ts'
import { registerBrainPersistence } from './durable.ts'
import { FailureLog } from './failure-log.ts'
import { ChangeTracker } from './changes.ts'
import { snapshot, Slots } from './slots.ts'
import { countPersistenceError } from '../core/metrics.ts'

export interface FileBrainOptions {
  /**
   * The longest a reported change waits to be saved (ms); in-place changes to top-level
   * keys, which nothing reports, are looked for every five times this.
   */
  intervalMs?: number
  /** Writes the file atomically; tests inject a failing one (a full disk) without root tricks. */
  write?: (file: string, text: string) => Promise<void>
}

export class FileBrain implements BrainPersistence {
  private robot: Robot | null = null
  private timer: NodeJS.Timeout | null = null
  private soonTimer: NodeJS.Timeout | null = null
  // Each slot's JSON as the file holds it, or will once a write lands: the file holds
  // `saved` as it was at change number `written`; `changed` counts changes to it.
  private saved = new Slots()
  private changed = 0
  private written = 0
  private collecting: Promise<void> = Promise.resolve()
  private closed = false
  /** Which slots may have changed; tests read its count of users serialised. */
  readonly changes = new ChangeTracker()
  private readonly failures = new FailureLog('brain save failed; retrying every second', 'file')
  private readonly writer: SerialWriter
  private readonly intervalMs: number

  constructor (readonly file: string, options: FileBrainOptions = {}) {
    this.intervalMs = options.intervalMs ?? 1000
    const write = options.write ?? writeFileAtomic
    this.writer = new SerialWriter(async () => {
      const target = this.changed
      if (target === this.written) return
      await write(this.file, brainText(this.saved))
      this.written = target
    })
  }

  async attach (robot: Robot): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true })
    // Nothing of ours writes yet, so every temp file of this brain's naming is a leftover
    // of a kill -9 mid-save; they would pile up, one per crash.
    const stale = await removeStaleTemps(this.file)
    if (stale.length > 0) robot.logger.warn({ file: this.file, removed: stale.length }, 'removed temp files left by an interrupted brain save')
    const saved = await readJsonFile(this.file)
    if (saved != null) {
      if (typeof saved !== 'object' || Array.isArray(saved)) {
        throw new Error(`${this.file} is not a brain (expected a JSON object like {"users":{},"_private":{}}); move it away or set HUBOT_BRAIN_FILE`)
      }
      robot.brain.mergeData(saved as Record<string, unknown>)
    }
    this.robot = robot
    registerBrainPersistence(robot, this)
    this.changes.track(robot)
    this.saved = snapshot(robot.brain.data)
    // Our own timer saves what changed, so hubot's five-second autosave is off, and a 'save'
    // is a script's robot.brain.save() (or the close): the hubot way to say "I changed the
    // brain", so every user is compared then (in chunks), kept references included.
    robot.brain.setAutoSave(false)
    robot.brain.on('save', () => {
      this.changes.requestFullCheck()
      this.saveLogged()
    })
    // A save is due within intervalMs of anything reported: a user marked (userForId, a
    // sender, a listener run), brain.set() (hubot emits 'loaded'). The process wakes for
    // nothing else but the poll below: each wake-up of an idle process costs CPU (most of
    // an idle brain's cost, whatever the tick does), so an idle brain wakes no more than
    // hubot's own five-second autosave would.
    this.changes.onMark = () => { this.saveSoon() }
    robot.brain.on('loaded', () => { this.saveSoon() })
    // Top-level keys changed in place (brain.data._private.x = ...) report nothing: found
    // by this poll, every five intervals (5 s by default, hubot's autosave period).
    this.timer = setInterval(() => { this.saveLogged() }, this.intervalMs * 5)
    this.timer.unref()
    robot.logger.debug({ file: this.file, users: Object.keys(robot.brain.data.users).length }, 'brain loaded from file')
  }

  private saveLogged (): void {
    this.save().then(() => this.failures.succeeded(this.robot), (err: unknown) => {
      this.failures.failed(this.robot, err, 'save', { file: this.file })
      // The changes are still pending: tried again after the interval, until a save works.
      this.saveSoon()
    })
  }

  private saveSoon (): void {
    if (this.soonTimer != null || this.closed) return
    this.soonTimer = setTimeout(() => {
      this.soonTimer = null
      this.saveLogged()
    }, this.intervalMs)
    this.soonTimer.unref()
  }

  /** Writes the brain when it differs from the file. Never before attach() loaded it. */
  private async save (options: { full?: boolean } = {}): Promise<void> {
    if (this.robot == null || this.closed) return
    // One comparison at a time: a full check yields between chunks, and finishing after a
    // quicker save it would record its older JSON of a user over the newer.
    const collected = this.collecting.then(async () => { await this.collect(options.full === true) })
    this.collecting = collected.catch(() => {})
    await collected
    // Until the file holds it (a write failed, or one is under way): every save reports on it.
    if (this.changed === this.written) return
    await this.writer.written()
  }

  /** Records in `saved` what changed in the brain. */
  private async collect (full: boolean): Promise<void> {
    if (this.robot == null) return
    if (full) this.changes.requestFullCheck()
    const pending = this.changes.take()
    let found
    try {
      found = await this.changes.changes(this.robot.brain.data, this.saved, pending)
    } catch (err) {
      this.changes.putBack(pending)
      throw err
    }
    for (const [id, json] of found) {
      if (json === undefined) this.saved.delete(id)
      else this.saved.set(id, json)
    }
    if (found.length > 0) this.changed++
  }

  async saveNow (): Promise<void> {
    if (this.robot == null) throw new Error('the brain is not loaded yet')
    // save() would return at once: not an answer to "is it on disk?"
    if (this.closed) throw new Error('the brain file is closed (the bot is shutting down)')
    // Users added or deleted directly count too; looking for them serialises nothing.
    this.changes.requestMembershipCheck()
    // The caller says what the failure meant (a role change refused); it is counted here.
    await this.save().catch((err: unknown) => {
      countPersistenceError(this.robot, 'file', 'save')
      throw err
    })
  }

  // At shutdown: every user is compared, so no change is left behind unreported.
  async flush (): Promise<void> {
    await this.save({ full: true })
    await this.writer.idle()
  }

  /** Rejects when the last write failed or the directory is not writable. */
  async ping (): Promise<void> {
    if (this.writer.lastError != null) throw this.writer.lastError
    await access(path.dirname(this.file), constants.W_OK)
  }

  async close (): Promise<void> {
    if (this.timer != null) clearInterval(this.timer)
    if (this.soonTimer != null) clearTimeout(this.soonTimer)
    try {
      await this.flush()
    } finally {
      this.closed = true
    }
  }
}

/** The brain as one JSON object, put together from each slot's JSON. */
function brainText (slots: Slots): string {
  const members = (kind: 'users' | 'private' | 'data'): string[] => [...slots.of(kind)].map(([field, json]) => `${JSON.stringify(field)}:${json}`)
  return `{${[`"users":{${members('users').join(',')}}`, `"_private":{${members('private').join(',')}}`, ...members('data')].join(',')}}`
}
