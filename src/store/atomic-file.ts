// Atomic file writes for the embedded brain and store: write a temp file in the same
// directory, fsync it, rename it over the target, fsync the directory. rename() within one
// directory is atomic on POSIX, so a reader (or a restart after kill -9) sees either the
// old file or the new one, never half of one.
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises'
import path from 'node:path'
import { escapeRegExp } from '../core/regexp.ts'

/** Writes a whole file so that a crash leaves the old one or the new one. */
export type AtomicWrite = (file: string, text: string) => Promise<void>

// .<name>.<pid>.<random>.tmp, next to the target: the one naming removeStaleTemps matches.
function tempName (file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`)
}

function tempPattern (file: string): RegExp {
  const name = escapeRegExp(path.basename(file))
  return new RegExp(`^\\.${name}\\.\\d+\\.[0-9a-z]{0,8}\\.tmp$`)
}

/**
 * Deletes the temp files writeFileAtomic leaves for `file` when the process is killed
 * mid-write (kill -9, OOM, power loss). Only that exact naming for that target: other
 * files, and other targets' temp files, are never touched. Call it before this process
 * writes `file`. Resolves to the names removed.
 */
export async function removeStaleTemps (file: string): Promise<string[]> {
  const pattern = tempPattern(file)
  let names: string[]
  try {
    names = await readdir(path.dirname(file))
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw err
  }
  const stale = names.filter(name => pattern.test(name))
  for (const name of stale) await rm(path.join(path.dirname(file), name), { force: true })
  return stale
}

export async function writeFileAtomic (file: string, text: string): Promise<void> {
  const dir = path.dirname(file)
  await mkdir(dir, { recursive: true })
  const temp = tempName(file)
  try {
    const handle = await open(temp, 'w', 0o600)
    try {
      await handle.writeFile(text, 'utf8')
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(temp, file)
  } catch (err) {
    await rm(temp, { force: true })
    throw err
  }
  await syncDir(dir)
}

/** Appends text to a file and resolves once it is fsynced (the file is created if missing). */
export type DurableAppend = (file: string, text: string) => Promise<void>

export const appendDurably: DurableAppend = async (file, text) => {
  const handle = await open(file, 'a', 0o600)
  let created = false
  try {
    created = (await handle.stat()).size === 0
    await handle.writeFile(text, 'utf8')
    await handle.sync()
  } finally {
    await handle.close()
  }
  // A new file's directory entry is durable only once the directory is synced.
  if (created) await syncDir(path.dirname(file))
}

// Without it the rename itself may be lost on power failure (not on kill -9).
async function syncDir (dir: string): Promise<void> {
  let handle
  try {
    handle = await open(dir, 'r')
    await handle.sync()
  } catch {
    // Some platforms cannot fsync a directory; the rename is still atomic.
  } finally {
    await handle?.close()
  }
}

/**
 * Writes and removes a probe file in `dir` with `write` (the writer saves use), so a
 * read-only, full or foreign-owned directory shows at start, not at the first save.
 */
export async function probeWritable (dir: string, write: AtomicWrite = writeFileAtomic): Promise<void> {
  const probe = path.join(dir, '.hubot-write-probe')
  await removeStaleTemps(probe) // a probe killed mid-write, like any other write
  try {
    await write(probe, 'probe\n')
  } finally {
    await rm(probe, { force: true })
  }
}

/** The parsed JSON of a file, or null when it does not exist yet. Throws on invalid JSON. */
export async function readJsonFile (file: string): Promise<unknown> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw err
  }
  try {
    return JSON.parse(text) as unknown
  } catch (err) {
    throw new Error(`${file} is not valid JSON (${(err as Error).message}); fix or move it away, the bot will not overwrite it`)
  }
}

/**
 * Runs writes one after another and coalesces the ones that pile up: callers await
 * `written()`, which resolves once a write that started after their change has finished
 * and rejects when that write failed (a later change retries).
 */
export class SerialWriter {
  private version = 0
  private running: Promise<{ target: number, err: Error | null }> | null = null
  lastError: Error | null = null

  constructor (private readonly write: () => Promise<void>) {}

  async written (): Promise<void> {
    const wanted = ++this.version
    for (;;) {
      this.running ??= this.runOnce().finally(() => { this.running = null })
      const { target, err } = await this.running
      if (target >= wanted) {
        if (err != null) throw err
        return
      }
    }
  }

  /** Resolves when no write is running. */
  async idle (): Promise<void> {
    while (this.running != null) await this.running
  }

  private async runOnce (): Promise<{ target: number, err: Error | null }> {
    const target = this.version
    try {
      await this.write()
      this.lastError = null
      return { target, err: null }
    } catch (err) {
      this.lastError = err as Error
      return { target, err: err as Error }
    }
  }
}
