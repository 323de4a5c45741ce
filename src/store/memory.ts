// A memory-only store, for tests. It keeps the same semantics as the file and Redis
// stores (TTL against an injected clock, JSON equality for compare-and-set) so a test on
// it proves something about the others.
import { systemClock, type Clock } from '../core/clock.ts'
import type { Claim, SharedStore, WriteOptions } from './types.ts'
import { toJson } from './json.ts'

interface Entry { json: string, expiresAt: number | null }

export class MemoryStore implements SharedStore {
  protected entries = new Map<string, Entry>()
  protected lists = new Map<string, string[]>()
  protected readonly clock: Clock

  constructor (options: { clock?: Clock } = {}) {
    this.clock = options.clock ?? systemClock
  }

  protected live (key: string): Entry | null {
    const e = this.entries.get(key)
    if (e == null) return null
    if (e.expiresAt != null && e.expiresAt <= this.clock.now()) {
      this.entries.delete(key)
      return null
    }
    return e
  }

  protected write (key: string, value: unknown, options: WriteOptions = {}): void {
    const json = toJson(value)
    const expiresAt = options.ttlMs != null ? this.clock.now() + options.ttlMs : null
    this.entries.set(key, { json, expiresAt })
  }

  async get<T> (key: string): Promise<T | null> {
    const e = this.live(key)
    return e == null ? null : JSON.parse(e.json) as T
  }

  async set (key: string, value: unknown, options?: WriteOptions): Promise<void> {
    this.write(key, value, options)
  }

  async setIfAbsent (key: string, value: unknown, options?: WriteOptions): Promise<boolean> {
    toJson(value) // refused whether or not the key is free, as Redis does
    if (this.live(key) != null) return false
    this.write(key, value, options)
    return true
  }

  async claim (key: string, value: unknown, options?: WriteOptions): Promise<Claim> {
    return { won: await this.setIfAbsent(key, value, options), durable: Promise.resolve() }
  }

  async compareAndSet (key: string, expected: unknown, next: unknown, options?: WriteOptions): Promise<boolean> {
    toJson(next)
    const current = this.live(key)
    const expectedJson = expected == null ? null : JSON.stringify(expected)
    if ((current?.json ?? null) !== expectedJson) return false
    this.write(key, next, options)
    return true
  }

  async delete (key: string): Promise<boolean> {
    const existed = this.live(key) != null
    this.entries.delete(key)
    return existed
  }

  async keys (prefix: string): Promise<string[]> {
    return [...this.entries.keys()].filter(k => k.startsWith(prefix) && this.live(k) != null).sort()
  }

  async append (key: string, value: unknown, cap: number): Promise<void> {
    pushCapped(this.lists, key, toJson(value), cap)
  }

  async tail<T> (key: string, count: number): Promise<T[]> {
    if (count <= 0) return [] // slice(-0) would return the whole list
    return (this.lists.get(key) ?? []).slice(-count).map(j => JSON.parse(j) as T)
  }

  async ping (): Promise<void> {}
  async close (): Promise<void> {}
}

/** Appends `json` to the list `key`, keeping the newest `cap` entries (none for a cap below 1). */
export function pushCapped (lists: Map<string, string[]>, key: string, json: string, cap: number): void {
  const list = lists.get(key) ?? []
  list.push(json)
  if (list.length > cap) list.splice(0, list.length - cap)
  lists.set(key, list)
}
