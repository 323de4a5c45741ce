// The embedded store's lists (the audit trail) live in a JSON-lines file next to the
// store, appended with fsync. At the 10,000-entry audit cap the store used to rewrite its
// whole file (1.6 MB) on every privileged command; now an append writes one line, and the
// lines file is compacted only when it holds twice what the lists keep.
import { appendFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import { FileStore } from '../../src/store/file.ts'
import { writeFileAtomic } from '../../src/store/atomic-file.ts'
import { AUDIT_CAP, AUDIT_KEY, recentAudit } from '../../src/access/index.ts'
import { startTestBot } from '../helpers/bot.ts'

let dir: string
let file: string
let listsFile: string
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'store-lists-'))
  file = path.join(dir, 'store.json')
  listsFile = path.join(dir, 'store.lists.jsonl')
})
afterEach(async () => { await rm(dir, { recursive: true, force: true }) })

/** The atomic writer, counting whole-file writes per file. */
function countingWriter (): { write: (f: string, t: string) => Promise<void>, writes: Map<string, number>, bytes: () => number } {
  const writes = new Map<string, number>()
  let bytes = 0
  return {
    writes,
    bytes: () => bytes,
    write: async (f, text) => {
      writes.set(path.basename(f), (writes.get(path.basename(f)) ?? 0) + 1)
      bytes += Buffer.byteLength(text)
      await writeFileAtomic(f, text)
    }
  }
}

const entry = (i: number): Record<string, unknown> => ({ at: '2026-11-25T12:00:00.000Z', event: 'command', actor_id: 'U-admin', i, command: 'hubot deploy api to production '.padEnd(120, '.') })

/** A lines file holding `count` audit entries at the real cap (~160 bytes each). */
async function seedAudit (count: number): Promise<void> {
  let text = ''
  for (let i = 1; i <= count; i++) text += `{"k":"${AUDIT_KEY}","c":${AUDIT_CAP},"v":${JSON.stringify(entry(i))}}\n`
  await writeFile(listsFile, text)
}

describe('file store lists', () => {
  test('at the 10,000-entry audit cap, a privileged command appends two lines: no file is rewritten', async () => {
    await seedAudit(AUDIT_CAP)
    const counter = countingWriter()
    const store = await FileStore.open(file, { write: counter.write })
    const bot = await startTestBot({ store, scripts: ['roles.ts'], env: { HUBOT_AUTH_ADMIN: 'U-admin' } })
    bot.robot.brain.userForId('U-bob', { name: 'bob' })
    const before = await stat(listsFile)
    expect(before.size).toBeGreaterThan(1_500_000)
    expect(await bot.say('U-admin', 'hubot bob has deployers role', { name: 'admin' })).toEqual(["admin: OK, bob has the 'deployers' role."])
    const after = await stat(listsFile)
    expect(after.ino).toBe(before.ino) // an atomic rewrite is a new inode
    const added = (await readFile(listsFile, 'utf8')).slice(before.size).trimEnd().split('\n').map(l => (JSON.parse(l) as { v: { event: string } }).v.event)
    expect(added).toEqual(['command', 'role.granted'])
    expect(counter.writes.size).toBe(0)
    const audit = await recentAudit(bot.context, AUDIT_CAP + 10)
    expect(audit).toHaveLength(AUDIT_CAP)
    expect(audit.at(-1)?.event).toBe('role.granted')
    await bot.stop()
  })

  test('the audit lines file is compacted to the cap once it holds twice the cap', async () => {
    await seedAudit(2 * AUDIT_CAP - 1)
    const store = await FileStore.open(file)
    await store.append(AUDIT_KEY, entry(2 * AUDIT_CAP), AUDIT_CAP)
    const lines = (await readFile(listsFile, 'utf8')).trimEnd().split('\n')
    expect(lines).toHaveLength(AUDIT_CAP)
    expect((JSON.parse(lines[0]) as { v: { i: number } }).v.i).toBe(AUDIT_CAP + 1)
    await store.close()
  })

  test('at the cap, an append rewrites no whole file; the lines file is compacted only at twice the cap', async () => {
    const counter = countingWriter()
    const store = await FileStore.open(file, { write: counter.write })
    const cap = 100
    for (let i = 1; i <= 100; i++) await store.append('audit', entry(i), cap)
    const before = counter.bytes()
    for (let i = 101; i <= 400; i++) await store.append('audit', entry(i), cap)
    // 300 appends at the cap: compactions at 200 and 300 and 400 lines, never store.json.
    expect(counter.writes.get('store.json') ?? 0).toBe(0)
    expect(counter.writes.get('store.lists.jsonl')).toBeLessThanOrEqual(3)
    expect(counter.bytes() - before).toBeLessThan(3 * cap * 250) // a whole-file rewrite per append would be 300x that size
    const lines = (await readFile(listsFile, 'utf8')).trimEnd().split('\n')
    expect(lines.length).toBeLessThanOrEqual(2 * cap)
    expect((await store.tail<{ i: number }>('audit', 1000)).map(e => e.i)).toEqual(Array.from({ length: 100 }, (_, k) => 301 + k))
    await store.close()

    const reopened = await FileStore.open(file)
    expect((await reopened.tail<{ i: number }>('audit', 1000)).map(e => e.i)).toEqual(Array.from({ length: 100 }, (_, k) => 301 + k))
    await reopened.close()
  })

  test('an append is one fsynced line; values and TTLs stay in store.json, untouched by appends', async () => {
    const store = await FileStore.open(file)
    await store.set('approval:1', { state: 'pending' })
    const saved = await stat(file)
    await store.append('audit', { i: 1 }, 10)
    await store.append('audit', { i: 2 }, 10)
    expect(await readFile(listsFile, 'utf8')).toBe('{"k":"audit","c":10,"v":{"i":1}}\n{"k":"audit","c":10,"v":{"i":2}}\n')
    expect((await stat(file)).mtimeMs).toBe(saved.mtimeMs)
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ version: 1, entries: { 'approval:1': { value: { state: 'pending' }, expiresAt: null } }, lists: {} })
    await store.close()
  })

  test('a line torn by a kill -9 mid-append is dropped at the next start, and appends go on from a clean line', async () => {
    const first = await FileStore.open(file)
    for (let i = 1; i <= 3; i++) await first.append('audit', { i }, 10)
    await first.close()
    await appendFile(listsFile, '{"k":"audit","c":10,"v":{"i"') // killed before the line was whole (never acknowledged)
    const second = await FileStore.open(file)
    expect(await second.tail('audit', 10)).toEqual([{ i: 1 }, { i: 2 }, { i: 3 }])
    await second.append('audit', { i: 4 }, 10)
    await second.close()
    const third = await FileStore.open(file)
    expect(await third.tail('audit', 10)).toEqual([{ i: 1 }, { i: 2 }, { i: 3 }, { i: 4 }])
    await third.close()
  })

  test('a broken line in the middle stops the start and the file is left as it was', async () => {
    await writeFile(listsFile, '{"k":"audit","c":10,"v":1}\nnot json\n{"k":"audit","c":10,"v":3}\n')
    await expect(FileStore.open(file)).rejects.toThrow(/store\.lists\.jsonl line 2 is not valid JSON.*will not overwrite/)
    expect(await readFile(listsFile, 'utf8')).toBe('{"k":"audit","c":10,"v":1}\nnot json\n{"k":"audit","c":10,"v":3}\n')
  })

  test('an append that fails (a full disk) is rejected and not kept; the next one after the disk has room is whole', async () => {
    let full = false
    const store = await FileStore.open(file, {
      appendLine: async (f, text) => {
        if (full) {
          await appendFile(f, text.slice(0, 7)) // a partial write, then the disk is full
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })
        }
        await appendFile(f, text)
      }
    })
    await store.append('audit', { i: 1 }, 10)
    full = true
    await expect(store.append('audit', { i: 2 }, 10)).rejects.toThrow(/ENOSPC/)
    await expect(store.ping()).rejects.toThrow(/ENOSPC/)
    expect(await store.tail('audit', 10)).toEqual([{ i: 1 }])
    full = false
    await store.append('audit', { i: 3 }, 10)
    await expect(store.ping()).resolves.toBeUndefined()
    await store.close()
    const reopened = await FileStore.open(file)
    expect(await reopened.tail('audit', 10)).toEqual([{ i: 1 }, { i: 3 }])
    await reopened.close()
  })

  test('a store file from before (lists inside store.json) keeps its lists, which move to the lines file', async () => {
    await writeFile(file, JSON.stringify({ version: 1, entries: { k: { value: 1, expiresAt: null } }, lists: { audit: [{ i: 1 }, { i: 2 }] } }))
    const store = await FileStore.open(file)
    expect(await store.tail('audit', 10)).toEqual([{ i: 1 }, { i: 2 }])
    await store.append('audit', { i: 3 }, 10)
    await store.set('k', 2) // store.json rewritten without the lists
    await store.close()
    expect(JSON.parse(await readFile(file, 'utf8')).lists).toEqual({})
    const reopened = await FileStore.open(file)
    expect(await reopened.tail('audit', 10)).toEqual([{ i: 1 }, { i: 2 }, { i: 3 }])
    expect(await reopened.get('k')).toBe(2)
    await reopened.close()
  })
})

test('kill -9 while appending and compacting: every start loads, and no acknowledged entry is lost', async () => {
  const { spawn } = await import('node:child_process')
  const { pathToFileURL } = await import('node:url')
  const { ROOT } = await import('../helpers/bot.ts')
  const tsx = pathToFileURL(path.join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href
  for (let i = 0; i < 6; i++) {
    const child = spawn(process.execPath, ['--import', tsx, path.join(ROOT, 'test', 'store', 'fixtures', 'append-loop.ts'), file], { cwd: ROOT })
    let acknowledged = 0
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString() })
    const seen = new Promise<void>(resolve => {
      child.stdout.on('data', (d: Buffer) => {
        for (const m of d.toString().matchAll(/appended (\d+)/g)) acknowledged = Number(m[1])
        if (acknowledged > 0 && acknowledged % 200 > 150 - i * 25) resolve() // spread the kills across the compaction cycle
      })
    })
    const exited = new Promise<NodeJS.Signals | null>(resolve => child.once('exit', (_code, signal) => resolve(signal)))
    await Promise.race([seen, exited])
    child.kill('SIGKILL')
    expect(await exited).toBe('SIGKILL')
    expect(stderr).toBe('') // a start over a broken lines file would fail here

    const store = await FileStore.open(file)
    const kept = await store.tail<{ n: number }>('audit', 1000)
    await store.close()
    expect(kept.at(-1)!.n).toBeGreaterThanOrEqual(acknowledged)
    expect(kept.map(e => e.n)).toEqual(Array.from({ length: kept.length }, (_, k) => kept[0].n + k)) // no gap
  }
}, 60_000)
