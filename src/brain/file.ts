// The embedded brain: robot.brain.data as one JSON file (HUBOT_BRAIN_FILE), written
// atomically (temp file, fsync, rename) so a kill -9 mid-save leaves the previous file.
// Loaded before any script runs; saved on robot.brain.save() and on a short timer, and
// only when the JSON differs from what is on disk: an idle bot writes nothing.
import { access, constants, mkdir } from 'node:fs/promises'
import path from 'node:path'
import type { Robot } from 'hubot'
import { readJsonFile, removeStaleTemps, SerialWriter, writeFileAtomic } from '../store/index.ts'
import type { BrainPersistence } from './types.ts'
import { registerBrainPersistence } from './durable.ts'
import { FailureLog } from './failure-log.ts'
import { countPersistenceError } from '../core/metrics.ts'

export interface FileBrainOptions {
  /** How often unsaved changes are looked for (ms). */
  intervalMs?: number
  /** Writes the file atomically; tests inject a failing one (a full disk) without root tricks. */
  write?: (file: string, text: string) => Promise<void>
}

export class FileBrain implements BrainPersistence {
  private robot: Robot | null = null
  private timer: NodeJS.Timeout | null = null
  private savedJson: string | null = null
  private pendingJson: string | null = null
  private closed = false
  private readonly failures = new FailureLog('brain save failed; retrying every second', 'file')
  private readonly writer: SerialWriter
  private readonly intervalMs: number

  constructor (readonly file: string, options: FileBrainOptions = {}) {
    this.intervalMs = options.intervalMs ?? 1000
    const write = options.write ?? writeFileAtomic
    this.writer = new SerialWriter(async () => {
      const json = this.pendingJson
      if (json == null || json === this.savedJson) return
      await write(this.file, json)
      this.savedJson = json
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
    this.savedJson = JSON.stringify(robot.brain.data)
    robot.brain.on('save', () => { this.saveLogged() })
    this.timer = setInterval(() => { this.saveLogged() }, this.intervalMs)
    this.timer.unref()
    robot.logger.debug({ file: this.file, users: Object.keys(robot.brain.data.users).length }, 'brain loaded from file')
  }

  private saveLogged (): void {
    this.save().then(() => this.failures.succeeded(this.robot), (err: unknown) => this.failures.failed(this.robot, err, 'save', { file: this.file }))
  }

  /** Writes the brain when it differs from the file. Never before attach() loaded it. */
  private async save (): Promise<void> {
    if (this.robot == null || this.closed) return
    const json = JSON.stringify(this.robot.brain.data)
    if (json === this.savedJson) return
    this.pendingJson = json
    await this.writer.written()
  }

  async saveNow (): Promise<void> {
    if (this.robot == null) throw new Error('the brain is not loaded yet')
    // save() would return at once: not an answer to "is it on disk?"
    if (this.closed) throw new Error('the brain file is closed (the bot is shutting down)')
    // The caller says what the failure meant (a role change refused); it is counted here.
    await this.save().catch((err: unknown) => {
      countPersistenceError(this.robot, 'file', 'save')
      throw err
    })
  }

  async flush (): Promise<void> {
    await this.save()
    await this.writer.idle()
  }

  /** Rejects when the last write failed or the directory is not writable. */
  async ping (): Promise<void> {
    if (this.writer.lastError != null) throw this.writer.lastError
    await access(path.dirname(this.file), constants.W_OK)
  }

  async close (): Promise<void> {
    if (this.timer != null) clearInterval(this.timer)
    try {
      await this.flush()
    } finally {
      this.closed = true
    }
  }
}
