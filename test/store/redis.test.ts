// The Redis store against a real Redis: the shared contract with two connections (two bot
// processes, as far as Redis can tell), plus key layout, real TTLs and a down backend.
import net from 'node:net'
import { afterEach, describe, expect, test } from '@jest/globals'
import { redisUrlOrSkip, uniquePrefix } from '../helpers/requirements.ts'
import { cleanUp, keysUnder, redisClient, silentLog } from '../helpers/redis.ts'
import { RedisStore } from '../../src/store/redis.ts'
import { createRedisClient, quit } from '../../src/store/redis-client.ts'
import { storeContract } from './contract.ts'

const url = await redisUrlOrSkip()
const maybe = url == null ? describe.skip : describe
const prefixes: string[] = []
afterEach(async () => {
  if (url != null) for (const p of prefixes.splice(0)) await cleanUp(url, p)
})

function openPair (prefix: string): [RedisStore, RedisStore] {
  prefixes.push(prefix)
  return [new RedisStore(redisClient(url!, 'store-a'), prefix), new RedisStore(redisClient(url!, 'store-b'), prefix)]
}

maybe('redis', () => {
  storeContract('redis', async () => {
    const [a, b] = openPair(uniquePrefix('store-contract'))
    // Redis's own clock: the TTL really has to pass, so keep it short.
    return { a, b, ttlMs: 60, pass: async (ms) => { await new Promise(resolve => setTimeout(resolve, ms)) }, done: async () => { await a.close(); await b.close() } }
  })

  describe('redis store', () => {
    test('every key lives under the prefix; values carry their TTL; lists are capped', async () => {
      const prefix = uniquePrefix('store-layout')
      const [store, other] = openPair(prefix)
      await store.set('approval:1', { state: 'pending' }, { ttlMs: 60_000 })
      await store.set('forever', 1)
      for (let i = 0; i < 5; i++) await store.append('audit', i, 2)
      const raw = redisClient(url!, 'inspect')
      expect(await keysUnder(raw, prefix)).toEqual([`${prefix}kv:approval:1`, `${prefix}kv:forever`, `${prefix}list:audit`])
      const ttl = await raw.pttl(`${prefix}kv:approval:1`)
      expect(ttl).toBeGreaterThan(50_000)
      expect(ttl).toBeLessThanOrEqual(60_000)
      expect(await raw.pttl(`${prefix}kv:forever`)).toBe(-1)
      expect(await raw.llen(`${prefix}list:audit`)).toBe(2)
      await quit(raw)
      await store.close()
      await other.close()
    })

    test('ping rejects when Redis does not answer', async () => {
      // A port that was just free: nothing listens there.
      const server = net.createServer()
      await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
      const port = (server.address() as net.AddressInfo).port
      await new Promise(resolve => server.close(resolve))
      const client = createRedisClient({ url: `redis://127.0.0.1:${port}`, prefix: 'x:', allowSelfSigned: false }, 'down', silentLog)
      const store = new RedisStore(client, 'x:')
      // events.once would reject on the connection's 'error' event: listen by hand.
      await new Promise(resolve => client.once('reconnecting', resolve)) // the first attempt failed
      await expect(store.ping()).rejects.toThrow(/not connected \(reconnecting\)/)
      await expect(store.get('k')).rejects.toThrow()
      await store.close()
    })
  })
})
