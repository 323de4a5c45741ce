// Redis connections for tests: each test brings its own key prefix and deletes
// everything under it at the end, so parallel jest workers never see each other's keys.
import type { Redis } from 'ioredis'
import { createLogger } from '../../src/core/log.ts'
import { createRedisClient, quit } from '../../src/store/redis-client.ts'

export const silentLog = createLogger({ level: 'silent' })

export function redisClient (url: string, name = 'test'): Redis {
  return createRedisClient({ url, prefix: '', allowSelfSigned: false }, name, silentLog)
}

/** Every key under prefix (SCAN), for assertions and cleanup. */
export async function keysUnder (client: Redis, prefix: string): Promise<string[]> {
  const found: string[] = []
  let cursor = '0'
  do {
    const [next, batch] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500)
    found.push(...batch)
    cursor = next
  } while (cursor !== '0')
  return found.sort()
}

/** Deletes every key under prefix and closes the helper connection. */
export async function cleanUp (url: string, prefix: string): Promise<void> {
  const client = redisClient(url, 'test-cleanup')
  const keys = await keysUnder(client, prefix)
  if (keys.length > 0) await client.del(...keys)
  await quit(client)
}
