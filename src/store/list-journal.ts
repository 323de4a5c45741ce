// The file store's lists (the audit trail) as JSON lines next to the store file, one
// line per append: {"k":<list>,"c":<cap>,"v":<value>}. Appending a line and fsyncing it
// costs the same at 10 entries as at the 10,000-entry cap; rewriting the store file on
// every append cost its whole size (1.6 MB at the cap). The file is rewritten
// atomically (compacted to what the lists keep) only when it holds twice the caps.
// A kill -9 mid-append can tear only the last line, which was never acknowledged: it is
// dropped at the next start.
import { readFile } from 'node:fs/promises'
import type { AtomicWrite, DurableAppend } from './atomic-file.ts'
// The memory store's rule, so the file store's lists keep what the memory store's would.
import { pushCapped } from './memory.ts'

export type Lists = Map<string, string[]>

export class ListJournal {
  private lines = 0
  private readonly caps = new Map<string, number>()
  // After a failed append the file may end in part of a line: rewritten before the next.
  private needsRewrite = false
  private queue: Promise<unknown> = Promise.resolve()
  lastError: Error | null = null

  constructor (readonly file: string, private readonly write: AtomicWrite, private readonly appendLine: DurableAppend) {}

  /**
   * Replays the file into `lists`. Resolves false when there is no file yet. A torn last
   * line is dropped (and the file rewritten); a broken line before it is refused.
   */
  async load (lists: Lists): Promise<boolean> {
    let text: string
    try {
      text = await readFile(this.file, 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false
      throw err
    }
    const rows = text.split('\n')
    const torn = rows.pop() !== '' // text that does not end in a newline: an append cut short
    rows.forEach((row, i) => {
      let line: { k: string, c: number, v: unknown }
      try {
        line = JSON.parse(row) as typeof line
        if (typeof line.k !== 'string' || typeof line.c !== 'number' || !('v' in line)) throw new Error('not a list entry')
      } catch (err) {
        throw new Error(`${this.file} line ${i + 1} is not valid JSON (${(err as Error).message}); fix or move it away, the bot will not overwrite it`)
      }
      pushCapped(lists, line.k, JSON.stringify(line.v), line.c)
      this.caps.set(line.k, line.c)
    })
    this.lines = rows.length
    if (torn) await this.rewrite(lists)
    return true
  }

  /** Appends one value (JSON) and resolves once it is on disk; only then is it put in `lists`. */
  async append (lists: Lists, key: string, json: string, cap: number): Promise<void> {
    const run = this.queue.then(async () => {
      try {
        if (this.needsRewrite) await this.rewrite(lists)
        await this.appendLine(this.file, line(key, cap, json))
      } catch (err) {
        this.needsRewrite = true
        this.lastError = err as Error
        throw err
      }
      this.lastError = null
      this.lines++
      this.caps.set(key, cap)
      pushCapped(lists, key, json, cap)
      const kept = [...this.caps.values()].reduce((sum, c) => sum + Math.max(c, 0), 0)
      // The entry is durable already; a failed compaction is only tried again later.
      if (this.lines >= 2 * Math.max(kept, 1)) await this.rewrite(lists).catch(() => undefined)
    })
    this.queue = run.catch(() => undefined)
    await run
  }

  /** Writes exactly what the lists keep, atomically. */
  async rewrite (lists: Lists): Promise<void> {
    let text = ''
    let count = 0
    for (const [key, values] of lists) {
      const cap = this.caps.get(key) ?? values.length
      for (const json of values) { text += line(key, cap, json); count++ }
    }
    await this.write(this.file, text)
    this.lines = count
    this.needsRewrite = false
  }

  /** Takes over the lists of a store file written before lists had their own file. */
  async adopt (lists: Lists): Promise<void> {
    for (const [key, values] of lists) this.caps.set(key, values.length)
    await this.rewrite(lists)
  }

  async idle (): Promise<void> {
    await this.queue
  }
}

function line (key: string, cap: number, json: string): string {
  return `{"k":${JSON.stringify(key)},"c":${cap},"v":${json}}\n`
}
