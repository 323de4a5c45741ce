// One contract for every SharedStore: memory, file and Redis must behave the same, so a
// test written against the memory store says something true about production.
import { describe, expect, test, beforeEach, afterEach } from '@jest/globals'
import type { SharedStore } from '../../src/store/types.ts'

export interface StoreHarness {
  /** Two clients of one backend (the same object where a backend has one client per process). */
  a: SharedStore
  b: SharedStore
  /** Lets `ms` of time pass for TTLs: a ManualClock advance, or a real short wait. */
  pass (ms: number): Promise<void>
  /** A TTL short enough to wait out (Redis really waits). */
  ttlMs: number
  done (): Promise<void>
}

export function storeContract (name: string, open: () => Promise<StoreHarness>): void {
  describe(`${name} store contract`, () => {
    let h: StoreHarness
    beforeEach(async () => { h = await open() })
    afterEach(async () => { await h.done() })

    test('get, set, overwrite and delete JSON values', async () => {
      expect(await h.a.get('k')).toBeNull()
      await h.a.set('k', { n: 1, list: ['x'] })
      expect(await h.b.get('k')).toEqual({ n: 1, list: ['x'] })
      await h.b.set('k', 'second')
      expect(await h.a.get('k')).toBe('second')
      expect(await h.a.delete('k')).toBe(true)
      expect(await h.a.delete('k')).toBe(false)
      expect(await h.b.get('k')).toBeNull()
    })

    test('a TTL expires the key for get, keys and setIfAbsent', async () => {
      await h.a.set('ttl:x', 'soon gone', { ttlMs: h.ttlMs })
      await h.a.set('ttl:y', 'stays')
      expect(await h.a.get('ttl:x')).toBe('soon gone')
      expect(await h.a.setIfAbsent('ttl:x', 'too early', { ttlMs: h.ttlMs })).toBe(false)
      await h.pass(h.ttlMs * 2)
      expect(await h.b.get('ttl:x')).toBeNull()
      expect(await h.b.keys('ttl:')).toEqual(['ttl:y'])
      expect(await h.b.setIfAbsent('ttl:x', 'again')).toBe(true)
      expect(await h.a.get('ttl:x')).toBe('again')
    })

    test('setIfAbsent writes only once', async () => {
      expect(await h.a.setIfAbsent('once', { by: 'a' })).toBe(true)
      expect(await h.b.setIfAbsent('once', { by: 'b' })).toBe(false)
      expect(await h.b.get('once')).toEqual({ by: 'a' })
    })

    test('compareAndSet compares as JSON, with null meaning absent', async () => {
      expect(await h.a.compareAndSet('cas', { state: 'x' }, { state: 'y' })).toBe(false)
      expect(await h.a.get('cas')).toBeNull()
      expect(await h.a.compareAndSet('cas', null, { state: 'pending', votes: [] })).toBe(true)
      expect(await h.b.compareAndSet('cas', null, { state: 'other' })).toBe(false)
      expect(await h.b.compareAndSet('cas', { state: 'approved', votes: [] }, { state: 'x' })).toBe(false)
      expect(await h.b.compareAndSet('cas', { state: 'pending', votes: [] }, { state: 'approved', votes: ['U1'] }, { ttlMs: h.ttlMs })).toBe(true)
      expect(await h.a.get('cas')).toEqual({ state: 'approved', votes: ['U1'] })
      await h.pass(h.ttlMs * 2)
      expect(await h.a.get('cas')).toBeNull()
    })

    test('keys lists live keys by literal prefix, sorted', async () => {
      for (const k of ['ap:2', 'ap:1', 'ap*:3', 'lock:1', 'a']) await h.a.set(k, true)
      expect(await h.b.keys('ap:')).toEqual(['ap:1', 'ap:2'])
      expect(await h.b.keys('ap*')).toEqual(['ap*:3']) // * is a character here, not a glob
      expect(await h.b.keys('none:')).toEqual([])
    })

    test('append keeps the newest `cap` entries; tail returns the newest, oldest first', async () => {
      for (let i = 1; i <= 5; i++) await h.a.append('audit', { i }, 3)
      expect(await h.b.tail('audit', 10)).toEqual([{ i: 3 }, { i: 4 }, { i: 5 }])
      expect(await h.b.tail('audit', 2)).toEqual([{ i: 4 }, { i: 5 }])
      expect(await h.b.tail('audit', 0)).toEqual([])
      expect(await h.b.tail('nothing', 5)).toEqual([])
      // A list and a value of the same name do not collide.
      await h.a.set('audit', 'value')
      expect(await h.a.get('audit')).toBe('value')
      expect(await h.a.tail('audit', 1)).toEqual([{ i: 5 }])
    })

    test('claim wins once like setIfAbsent, and its record is saved when durable settles', async () => {
      const first = await h.a.claim('claimed', { by: 'a' }, { ttlMs: h.ttlMs })
      const second = await h.b.claim('claimed', { by: 'b' })
      expect([first.won, second.won]).toEqual([true, false])
      await first.durable
      await second.durable
      expect(await h.b.get('claimed')).toEqual({ by: 'a' })
      await h.pass(h.ttlMs * 2)
      expect((await h.b.claim('claimed', { by: 'b' })).won).toBe(true)
    })

    test('100 concurrent setIfAbsent callers on two clients: exactly one wins', async () => {
      const results = await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? h.a : h.b).setIfAbsent('claim', { winner: i })))
      expect(results.filter(Boolean)).toHaveLength(1)
      expect(await h.a.get('claim')).toEqual({ winner: results.indexOf(true) })
    })

    test('100 concurrent compareAndSet callers on two clients: exactly one wins', async () => {
      await h.a.set('approval', { state: 'pending' })
      const results = await Promise.all(Array.from({ length: 100 }, (_, i) =>
        (i % 2 === 0 ? h.a : h.b).compareAndSet('approval', { state: 'pending' }, { state: 'running', by: i })))
      expect(results.filter(Boolean)).toHaveLength(1)
      expect(await h.b.get('approval')).toEqual({ state: 'running', by: results.indexOf(true) })
    })

    test('100 concurrent read-modify-write increments through compareAndSet lose nothing', async () => {
      const increment = async (store: SharedStore): Promise<void> => {
        for (;;) {
          const n = await store.get<number>('counter')
          if (await store.compareAndSet('counter', n, (n ?? 0) + 1)) return
        }
      }
      await Promise.all(Array.from({ length: 100 }, (_, i) => increment(i % 2 === 0 ? h.a : h.b)))
      expect(await h.a.get('counter')).toBe(100)
    })

    test('a value JSON cannot hold (undefined, a function) is refused with a TypeError and nothing is written', async () => {
      await h.a.set('kept', 'before')
      await h.a.append('kept-list', 'before', 5)
      for (const bad of [undefined, () => 1]) {
        await expect(h.a.set('bad', bad)).rejects.toThrow(TypeError)
        await expect(h.a.setIfAbsent('bad', bad)).rejects.toThrow(TypeError)
        await expect(h.a.compareAndSet('kept', 'before', bad)).rejects.toThrow(TypeError)
        await expect(h.a.append('kept-list', bad, 5)).rejects.toThrow(TypeError)
      }
      expect(await h.b.get('bad')).toBeNull()
      expect(await h.b.keys('bad')).toEqual([])
      expect(await h.b.get('kept')).toBe('before')
      expect(await h.b.tail('kept-list', 5)).toEqual(['before'])
      // The backend still works (the file store's file is still valid JSON).
      await h.a.set('after', 1)
      expect(await h.b.get('after')).toBe(1)
    })

    test('ping answers while the backend is up', async () => {
      await expect(h.a.ping()).resolves.toBeUndefined()
    })
  })
}
