// The shared store on Redis (REDIS_URL): every key under the configured prefix, values as
// JSON strings under <prefix>kv:<key>, lists under <prefix>list:<key>. Each operation is
// one atomic Redis step (SET NX, a Lua script, MULTI), so two bot processes agree on
// exactly one winner.
import type { Redis } from 'ioredis'
import { escapeGlob, pingRedis, quit } from './redis-client.ts'
import type { Claim, SharedStore, WriteOptions } from './types.ts'
import { toJson } from './json.ts'

// Compare-and-set must read and write in one step: a Lua script runs atomically.
// ARGV: expected JSON ('' = absent), next JSON, TTL in ms ('' = none).
const COMPARE_AND_SET = `
local current = redis.call('GET', KEYS[1])
if ARGV[1] == '' then
  if current then return 0 end
elseif current ~= ARGV[1] then
  return 0
end
if ARGV[3] == '' then
  redis.call('SET', KEYS[1], ARGV[2])
else
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
end
return 1`

function ttlArg (options: WriteOptions | undefined): number | null {
  // Redis refuses PX 0; memory treats 0 as already expired, and 1 ms is as good.
  return options?.ttlMs != null ? Math.max(1, Math.ceil(options.ttlMs)) : null
}

export class RedisStore implements SharedStore {
  constructor (private readonly client: Redis, private readonly prefix: string) {}

  private kv (key: string): string { return `${this.prefix}kv:${key}` }
  private list (key: string): string { return `${this.prefix}list:${key}` }

  async get<T> (key: string): Promise<T | null> {
    const json = await this.client.get(this.kv(key))
    return json == null ? null : JSON.parse(json) as T
  }

  async set (key: string, value: unknown, options?: WriteOptions): Promise<void> {
    const ttl = ttlArg(options)
    const json = toJson(value)
    if (ttl == null) await this.client.set(this.kv(key), json)
    else await this.client.set(this.kv(key), json, 'PX', ttl)
  }

  async setIfAbsent (key: string, value: unknown, options?: WriteOptions): Promise<boolean> {
    const ttl = ttlArg(options)
    const json = toJson(value)
    const answer = ttl == null
      ? await this.client.set(this.kv(key), json, 'NX')
      : await this.client.set(this.kv(key), json, 'PX', ttl, 'NX')
    return answer === 'OK'
  }

  // Redis has it once it answers.
  async claim (key: string, value: unknown, options?: WriteOptions): Promise<Claim> {
    return { won: await this.setIfAbsent(key, value, options), durable: Promise.resolve() }
  }

  async compareAndSet (key: string, expected: unknown, next: unknown, options?: WriteOptions): Promise<boolean> {
    const ttl = ttlArg(options)
    const expectedJson = expected == null ? '' : JSON.stringify(expected)
    const won = await this.client.eval(COMPARE_AND_SET, 1, this.kv(key), expectedJson, toJson(next), ttl == null ? '' : String(ttl))
    return won === 1
  }

  async delete (key: string): Promise<boolean> {
    return (await this.client.del(this.kv(key))) > 0
  }

  // SCAN, not KEYS: KEYS blocks the server while it walks every key.
  async keys (prefix: string): Promise<string[]> {
    const base = this.kv('')
    const match = `${escapeGlob(base + prefix)}*`
    const found = new Set<string>()
    let cursor = '0'
    do {
      const [next, batch] = await this.client.scan(cursor, 'MATCH', match, 'COUNT', 200)
      for (const k of batch) found.add(k.slice(base.length))
      cursor = next
    } while (cursor !== '0')
    return [...found].sort()
  }

  async append (key: string, value: unknown, cap: number): Promise<void> {
    // LTRIM 1 0 empties the list, as the memory store does for a cap below 1.
    const [start, end] = cap >= 1 ? [-Math.floor(cap), -1] : [1, 0]
    const results = await this.client.multi().rpush(this.list(key), toJson(value)).ltrim(this.list(key), start, end).exec()
    const failed = results?.find(([err]) => err != null)
    // A plain Error: ioredis answers null only for a transaction Redis discarded after a
    // WATCH, which this one does not use; a lost connection already rejects as 'unavailable'.
    if (results == null) throw new Error('Redis aborted the append transaction')
    if (failed != null) throw failed[0] as Error
  }

  async tail<T> (key: string, count: number): Promise<T[]> {
    if (count <= 0) return []
    const items = await this.client.lrange(this.list(key), -Math.floor(count), -1)
    return items.map(j => JSON.parse(j) as T)
  }

  async ping (): Promise<void> {
    await pingRedis(this.client)
  }

  async close (): Promise<void> {
    await quit(this.client)
  }
}
