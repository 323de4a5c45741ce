// Chooses the brain and store backends from config: with REDIS_URL both live in Redis
// (any number of bot processes); without it, two files (one bot process per file).
import type { Config } from './config.ts'
import type { Logger } from './log.ts'
import type { BrainPersistence } from './brain/types.ts'
import type { SharedStore } from './store/types.ts'
import { FileBrain } from './brain/file.ts'
import { RedisBrain } from './brain/redis.ts'
import { FileStore } from './store/file.ts'
import { RedisStore } from './store/redis.ts'
import { createRedisClient } from './redis-client.ts'

export async function createPersistence (config: Config, log: Logger): Promise<{ brain: BrainPersistence, store: SharedStore }> {
  const { redis, brainFile, storeFile } = config.persistence
  if (redis != null) {
    const plog = log.child({ component: 'redis' })
    const client = createRedisClient(redis, 'hubot-brain', plog)
    const brain = new RedisBrain({ client, subscriber: createRedisClient(redis, 'hubot-brain-changes', plog), prefix: redis.prefix })
    const store = new RedisStore(createRedisClient(redis, 'hubot-store', plog), redis.prefix)
    log.info({ prefix: redis.prefix, tls: redis.url.startsWith('rediss://') }, 'brain and store in Redis')
    return { brain, store }
  }
  const store = await FileStore.open(storeFile, { log })
  log.info({ brain_file: brainFile, store_file: storeFile }, 'brain and store in files (one bot process per file)')
  return { brain: new FileBrain(brainFile), store }
}
