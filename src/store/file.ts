// The embedded shared store: the memory store's semantics, saved to one JSON file
// (HUBOT_STORE_FILE, default store.json next to the brain file) after every change.
// A change resolves only once it is on disk, so a claim that returned true survives a
// restart. Writes are serialised inside this process; two processes on one file would
// overwrite each other: one bot process per file is the limit of the embedded mode
// (use REDIS_URL for more).
import { access, constants, mkdir } from 'node:fs/promises'
import path from 'node:path'
import { MemoryStore } from './memory.ts'
import type { Logger } from '../log.ts'
import { readJsonFile, removeStaleTemps, SerialWriter, writeFileAtomic, type AtomicWrite } from './atomic-file.ts'
import type { Clock, WriteOptions } from './types.ts'

export interface FileStoreOptions {
  clock?: Clock
  /** Where start-up findings (leftover temp files) are reported. */
  log?: Logger
  /** Writes a file atomically; tests inject a failing one (a full disk). */
  write?: AtomicWrite
}

interface SavedEntry { value: unknown, expiresAt: number | null }
interface SavedStore { version: 1, entries: Record<string, SavedEntry>, lists: Record<string, unknown[]> }

export class FileStore extends MemoryStore {
  private readonly writer: SerialWriter

  private constructor (readonly file: string, options: FileStoreOptions) {
    super(options)
    const write = options.write ?? writeFileAtomic
    this.writer = new SerialWriter(async () => { await write(this.file, this.serialise()) })
  }

  /** Opens (or starts) the store at `file`. Refuses a file that is not a store. */
  static async open (file: string, options: FileStoreOptions = {}): Promise<FileStore> {
    const store = new FileStore(file, options)
    await mkdir(path.dirname(file), { recursive: true })
    // Nothing of ours writes yet: each temp file of this naming is a kill -9's leftover.
    const stale = await removeStaleTemps(file)
    if (stale.length > 0) options.log?.warn({ file, removed: stale.length }, 'removed temp files left by an interrupted store write')
    const saved = await readJsonFile(file)
    if (saved != null) store.restore(saved, file)
    return store
  }

  private restore (saved: unknown, file: string): void {
    const s = saved as Partial<SavedStore>
    if (typeof s !== 'object' || s.version !== 1 || typeof s.entries !== 'object' || typeof s.lists !== 'object') {
      throw new Error(`${file} is not a store file (expected {"version":1,"entries":{},"lists":{}}); move it away or set HUBOT_STORE_FILE`)
    }
    for (const [key, e] of Object.entries(s.entries ?? {})) {
      this.entries.set(key, { json: JSON.stringify(e.value), expiresAt: e.expiresAt ?? null })
    }
    for (const [key, list] of Object.entries(s.lists ?? {})) {
      this.lists.set(key, list.map(v => JSON.stringify(v)))
    }
  }

  // Built from the stored JSON strings; expired entries are dropped here, which is what
  // bounds the file's size (lists are bounded by their cap).
  private serialise (): string {
    const now = this.clock.now()
    const entries: string[] = []
    for (const [key, e] of this.entries) {
      if (e.expiresAt != null && e.expiresAt <= now) continue
      entries.push(`${JSON.stringify(key)}:{"value":${e.json},"expiresAt":${e.expiresAt ?? 'null'}}`)
    }
    const lists = [...this.lists].map(([key, list]) => `${JSON.stringify(key)}:[${list.join(',')}]`)
    return `{"version":1,"entries":{${entries.join(',')}},"lists":{${lists.join(',')}}}\n`
  }

  override async set (key: string, value: unknown, options?: WriteOptions): Promise<void> {
    const before = this.entries.get(key)
    await super.set(key, value, options)
    await this.committed(key, before)
  }

  override async setIfAbsent (key: string, value: unknown, options?: WriteOptions): Promise<boolean> {
    const before = this.entries.get(key)
    const won = await super.setIfAbsent(key, value, options)
    if (won) await this.committed(key, before)
    return won
  }

  override async compareAndSet (key: string, expected: unknown, next: unknown, options?: WriteOptions): Promise<boolean> {
    const before = this.entries.get(key)
    const won = await super.compareAndSet(key, expected, next, options)
    if (won) await this.committed(key, before)
    return won
  }

  override async delete (key: string): Promise<boolean> {
    const before = this.entries.get(key)
    const existed = await super.delete(key)
    if (existed) await this.committed(key, before)
    return existed
  }

  override async append (key: string, value: unknown, cap: number): Promise<void> {
    await super.append(key, value, cap)
    await this.writer.written()
  }

  // A change the caller is told failed is undone in memory too (unless a later change to
  // the key replaced it): otherwise a failed claim would still block every retry, and the
  // next successful write of any key would save it after all.
  private async committed (key: string, before: { json: string, expiresAt: number | null } | undefined): Promise<void> {
    const mine = this.entries.get(key)
    try {
      await this.writer.written()
    } catch (err) {
      if (this.entries.get(key) === mine) {
        if (before == null) this.entries.delete(key)
        else this.entries.set(key, before)
      }
      throw err
    }
  }

  /** Rejects when the last write failed or the directory is not writable. */
  override async ping (): Promise<void> {
    if (this.writer.lastError != null) throw this.writer.lastError
    await access(path.dirname(this.file), constants.W_OK)
  }

  override async close (): Promise<void> {
    await this.writer.idle()
  }
}
