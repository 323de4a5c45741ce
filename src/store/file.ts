// The embedded shared store: the memory store's semantics, saved to one JSON file
// (HUBOT_STORE_FILE, default store.json next to the brain file) after every change, and
// its lists (the audit trail) appended to <name>.lists.jsonl beside it (list-journal.ts).
// A change resolves only once it is on disk, so a claim that returned true survives a
// restart. Writes are serialised inside this process; two processes on one file would
// overwrite each other: one bot process per file is the limit of the embedded mode
// (use REDIS_URL for more).
import { access, constants, mkdir } from 'node:fs/promises'
import path from 'node:path'
import { MemoryStore } from './memory.ts'
import type { Logger } from '../core/log.ts'
import { appendDurably, readJsonFile, removeStaleTemps, SerialWriter, writeFileAtomic, type AtomicWrite, type DurableAppend } from './atomic-file.ts'
import { ListJournal } from './list-journal.ts'
import { toJson } from './json.ts'
import type { Clock } from '../core/clock.ts'
import type { Claim, WriteOptions } from './types.ts'

export interface FileStoreOptions {
  clock?: Clock
  /** Where start-up findings (leftover temp files) are reported. */
  log?: Logger
  /** Writes a file atomically; tests inject a failing one (a full disk). */
  write?: AtomicWrite
  /** Appends a line to the lists file and fsyncs it; tests inject a failing one. */
  appendLine?: DurableAppend
}

interface SavedEntry { value: unknown, expiresAt: number | null }
interface SavedStore { version: 1, entries: Record<string, SavedEntry>, lists: Record<string, unknown[]> }

export class FileStore extends MemoryStore {
  private readonly writer: SerialWriter
  private readonly journal: ListJournal
  private readonly entryTexts = new WeakMap<object, string>()

  private constructor (readonly file: string, options: FileStoreOptions) {
    super(options)
    const write = options.write ?? writeFileAtomic
    this.writer = new SerialWriter(async () => { await write(this.file, this.serialise()) })
    this.journal = new ListJournal(listsFileOf(file), write, options.appendLine ?? appendDurably)
  }

  /** Where the lists (the audit trail) are appended. */
  get listsFile (): string { return this.journal.file }

  /** Opens (or starts) the store at `file`. Refuses a file that is not a store. */
  static async open (file: string, options: FileStoreOptions = {}): Promise<FileStore> {
    const store = new FileStore(file, options)
    await mkdir(path.dirname(file), { recursive: true })
    // Nothing of ours writes yet: each temp file of this naming is a kill -9's leftover.
    const stale = [...await removeStaleTemps(file), ...await removeStaleTemps(store.listsFile)]
    if (stale.length > 0) options.log?.warn({ file, removed: stale.length }, 'removed temp files left by an interrupted store write')
    const saved = await readJsonFile(file)
    if (saved != null) store.restore(saved, file)
    // The lines file is the lists' record once it exists; before that, a store file
    // written by an older version holds them, and they move over now.
    const legacy = store.lists
    store.lists = new Map()
    if (!await store.journal.load(store.lists) && legacy.size > 0) {
      store.lists = legacy
      await store.journal.adopt(store.lists)
    }
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
  // bounds the file's size (lists are bounded by their cap). Every write holds every entry
  // (a day of webhook delivery ids among them), so each entry's text is made once: a
  // change replaces the entry object, and with it the text.
  private serialise (): string {
    const now = this.clock.now()
    const entries: string[] = []
    for (const [key, e] of this.entries) {
      if (e.expiresAt != null && e.expiresAt <= now) continue
      let text = this.entryTexts.get(e)
      if (text == null) {
        text = `${JSON.stringify(key)}:{"value":${e.json},"expiresAt":${e.expiresAt ?? 'null'}}`
        this.entryTexts.set(e, text)
      }
      entries.push(text)
    }
    // "lists" stays, empty, so the file keeps its shape: they live in the lines file.
    return `{"version":1,"entries":{${entries.join(',')}},"lists":{}}\n`
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

  // Decided in memory at once (one process per file, so nothing else can claim the key);
  // durable once the next write of the file is on disk, which costs the whole file.
  override async claim (key: string, value: unknown, options?: WriteOptions): Promise<Claim> {
    const before = this.entries.get(key)
    const won = await super.setIfAbsent(key, value, options)
    return { won, durable: won ? this.committed(key, before) : Promise.resolve() }
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

  // One fsynced line, not a rewrite of the store; in memory only once it is on disk.
  override async append (key: string, value: unknown, cap: number): Promise<void> {
    await this.journal.append(this.lists, key, toJson(value), cap)
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
    if (this.journal.lastError != null) throw this.journal.lastError
    await access(path.dirname(this.file), constants.W_OK)
  }

  override async close (): Promise<void> {
    await this.writer.idle()
    await this.journal.idle()
  }
}

// store.json -> store.lists.jsonl (any other name gets .lists.jsonl appended).
function listsFileOf (file: string): string {
  return file.endsWith('.json') ? `${file.slice(0, -'.json'.length)}.lists.jsonl` : `${file}.lists.jsonl`
}
