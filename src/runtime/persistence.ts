// Chooses the brain and store backends from config: with REDIS_URL both live in Redis
// (any number of bot processes); without it, two files (one bot process per file).
import path from 'node:path'
import type { Config } from '../core/config.ts'
import type { Logger } from '../core/log.ts'
import { FileBrain, RedisBrain, type BrainPersistence } from '../brain/index.ts'
import { FileStore, probeWritable, RedisStore, type AtomicWrite, type SharedStore } from '../store/index.ts'
import { createRedisClient } from '../store/redis-client.ts'

export interface PersistenceOptions {
  /** The atomic file writer of the embedded mode; tests inject a failing one. */
  write?: AtomicWrite
}

export async function createPersistence (config: Config, log: Logger, options: PersistenceOptions = {}): Promise<{ brain: BrainPersistence, store: SharedStore }> {
  const { redis, brainFile, storeFile } = config.persistence
  if (redis != null) {
    const plog = log.child({ component: 'redis' })
    const client = createRedisClient(redis, 'hubot-brain', plog)
    const brain = new RedisBrain({ client, subscriber: createRedisClient(redis, 'hubot-brain-changes', plog), prefix: redis.prefix })
    const store = new RedisStore(createRedisClient(redis, 'hubot-store', plog), redis.prefix)
    log.info({ prefix: redis.prefix, tls: redis.url.startsWith('rediss://') }, 'brain and store in Redis')
    return { brain, store }
  }
  const store = await FileStore.open(storeFile, { log, write: options.write })
  await warnUnwritable([[brainFile, 'HUBOT_BRAIN_FILE'], [storeFile, 'HUBOT_STORE_FILE']], log, options.write)
  log.info({ brain_file: brainFile, store_file: storeFile }, 'brain and store in files (one bot process per file)')
  return { brain: new FileBrain(brainFile, { write: options.write }), store }
}

// Loading only reads, so a read-only volume would otherwise pass unnoticed until every
// role change and approval fails. The bot still starts: reads work, and chat says why
// each change is refused.
async function warnUnwritable (files: Array<[string, string]>, log: Logger, write: AtomicWrite | undefined): Promise<void> {
  const dirs = new Map<string, string[]>()
  for (const [file, variable] of files) dirs.set(path.dirname(file), [...(dirs.get(path.dirname(file)) ?? []), variable])
  for (const [dir, variables] of dirs) {
    try {
      await probeWritable(dir, write)
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? null
      log.error({ err, dir, code }, `${dir} is not writable (${code ?? (err as Error).message}): nothing can be saved there, so role changes and approvals will fail. Make the directory writable (permissions, free space, a read-write mount) or set ${variables.join(' / ')} elsewhere`)
    }
  }
}
