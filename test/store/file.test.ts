// The embedded store: the shared contract, plus what only a file can get wrong:
// a restart keeps every value, TTL and list; a broken file is refused, not overwritten.
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import { ManualClock } from '../helpers/bot.ts'
import { FileStore } from '../../src/store/file.ts'
import { storeContract } from './contract.ts'

let dir: string
beforeEach(async () => { dir = await mkdtemp(path.join(tmpdir(), 'store-')) })
afterEach(async () => { await rm(dir, { recursive: true, force: true }) })

storeContract('file', async () => {
  const clock = new ManualClock()
  // One bot process per file is the embedded mode's limit: both "clients" are one store.
  const store = await FileStore.open(path.join(dir, 'store.json'), { clock })
  return { a: store, b: store, ttlMs: 1000, pass: async (ms) => clock.advance(ms), done: () => store.close() }
})

describe('file store', () => {
  test('a restart keeps values, TTLs and lists', async () => {
    const clock = new ManualClock()
    const file = path.join(dir, 'nested', 'store.json')
    const first = await FileStore.open(file, { clock })
    await first.set('approval:1', { state: 'pending', votes: ['U1'] })
    await first.set('lock:web', 'U2', { ttlMs: 60_000 })
    await first.set('gone', 'x')
    await first.delete('gone')
    for (let i = 1; i <= 4; i++) await first.append('audit', { i }, 3)
    await first.close()

    const second = await FileStore.open(file, { clock })
    expect(await second.get('approval:1')).toEqual({ state: 'pending', votes: ['U1'] })
    expect(await second.get('lock:web')).toBe('U2')
    expect(await second.get('gone')).toBeNull()
    expect(await second.tail('audit', 10)).toEqual([{ i: 2 }, { i: 3 }, { i: 4 }])
    expect(await second.setIfAbsent('approval:1', 'other')).toBe(false)
    clock.advance(60_001) // the TTL is an absolute time: it keeps running across the restart
    expect(await second.get('lock:web')).toBeNull()
    await second.close()
  })

  test('a change resolves only once it is on disk; expired keys leave the file', async () => {
    const clock = new ManualClock()
    const file = path.join(dir, 'store.json')
    const store = await FileStore.open(file, { clock })
    await store.set('short', 1, { ttlMs: 10 })
    expect(JSON.parse(await readFile(file, 'utf8')).entries.short).toEqual({ value: 1, expiresAt: clock.now() + 10 })
    clock.advance(11)
    await store.set('other', 2)
    expect(Object.keys(JSON.parse(await readFile(file, 'utf8')).entries)).toEqual(['other'])
    await store.close()
  })

  test('a file that is not a store is refused and left as it was', async () => {
    const file = path.join(dir, 'store.json')
    await writeFile(file, '{"half": ')
    await expect(FileStore.open(file)).rejects.toThrow(/store\.json is not valid JSON.*will not overwrite/)
    await writeFile(file, '[1, 2]')
    await expect(FileStore.open(file)).rejects.toThrow(/not a store file.*HUBOT_STORE_FILE/)
    expect(await readFile(file, 'utf8')).toBe('[1, 2]')
  })

  test('a failed write rejects the change and ping reports it until a write succeeds', async () => {
    const file = path.join(dir, 'store.json')
    const store = await FileStore.open(file)
    await mkdir(file) // a directory where the file should go: rename() fails
    await expect(store.set('k', 1)).rejects.toThrow()
    await expect(store.ping()).rejects.toThrow()
    await rm(file, { recursive: true })
    await store.set('k', 2)
    await expect(store.ping()).resolves.toBeUndefined()
    expect(JSON.parse(await readFile(file, 'utf8')).entries.k.value).toBe(2)
    await store.close()
  })

  test('claim is decided before the file is written; durable settles with the write, and a failed one is undone', async () => {
    const file = path.join(dir, 'store.json')
    let release!: () => void
    let fail = false
    const write = async (f: string, text: string): Promise<void> => {
      await new Promise<void>(resolve => { release = resolve })
      if (fail) throw new Error('ENOSPC: no space left on device')
      await writeFile(f, text)
    }
    const store = await FileStore.open(file, { write })
    const claim = await store.claim('webhook:1', { at: 1 })
    expect(claim.won).toBe(true)
    expect((await store.claim('webhook:1', { at: 2 })).won).toBe(false)
    let saved = false
    const durable = claim.durable.then(() => { saved = true })
    await new Promise(resolve => setImmediate(resolve))
    expect(saved).toBe(false)
    release()
    await durable
    expect(JSON.parse(await readFile(file, 'utf8')).entries['webhook:1'].value).toEqual({ at: 1 })

    fail = true
    const lost = await store.claim('webhook:2', { at: 3 })
    expect(lost.won).toBe(true)
    release()
    await expect(lost.durable).rejects.toThrow(/ENOSPC/)
    expect(await store.get('webhook:2')).toBeNull()
    fail = false
    const retried = store.claim('webhook:2', { at: 4 })
    const again = await retried
    release()
    await again.durable
    expect(again.won).toBe(true)
    await store.close()
  })

  test('a claim whose write failed is not held in memory: the retry can win it, and no other write saves it', async () => {
    const file = path.join(dir, 'store.json')
    const store = await FileStore.open(file)
    await store.set('approval:1', { state: 'pending' })
    await rm(file)
    await mkdir(file) // the disk refuses writes for a while
    await expect(store.setIfAbsent('claim:1', 'U1')).rejects.toThrow()
    await expect(store.compareAndSet('approval:1', { state: 'pending' }, { state: 'approved' })).rejects.toThrow()
    await expect(store.delete('approval:1')).rejects.toThrow()
    // The caller was told these failed, so the store must not act as if they happened.
    expect(await store.get('claim:1')).toBeNull()
    expect(await store.get('approval:1')).toEqual({ state: 'pending' })
    await rm(file, { recursive: true })
    expect(await store.setIfAbsent('claim:1', 'U2')).toBe(true)
    expect(await store.compareAndSet('approval:1', { state: 'pending' }, { state: 'approved' })).toBe(true)
    expect(JSON.parse(await readFile(file, 'utf8')).entries).toEqual({
      'approval:1': { value: { state: 'approved' }, expiresAt: null },
      'claim:1': { value: 'U2', expiresAt: null }
    })
    await store.close()
  })
})
