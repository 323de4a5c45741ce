// createPersistence: files by default, Redis for both brain and store when REDIS_URL is set.
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, expect, test } from '@jest/globals'
import { readConfig } from '../../src/core/config.ts'
import { createPersistence } from '../../src/runtime/persistence.ts'
import { FileBrain } from '../../src/brain/file.ts'
import { RedisBrain } from '../../src/brain/redis.ts'
import { FileStore } from '../../src/store/file.ts'
import { RedisStore } from '../../src/store/redis.ts'
import { redisUrlOrSkip, uniquePrefix } from '../helpers/requirements.ts'
import { cleanUp, keysUnder, redisClient, silentLog } from '../helpers/redis.ts'
import { quit } from '../../src/store/redis-client.ts'
import { createLogger } from '../../src/core/log.ts'
import { writeFileAtomic } from '../../src/store/atomic-file.ts'
import { LogCapture } from '../helpers/bot.ts'

let dir: string
beforeEach(async () => { dir = await mkdtemp(path.join(tmpdir(), 'persistence-')) })
afterEach(async () => { await rm(dir, { recursive: true, force: true }) })

test('without REDIS_URL: a file brain and a file store next to it', async () => {
  const config = readConfig({ HUBOT_BRAIN_FILE: path.join(dir, 'data', 'brain.json') })
  const { brain, store } = await createPersistence(config, silentLog)
  expect(brain).toBeInstanceOf(FileBrain)
  expect((brain as FileBrain).file).toBe(path.join(dir, 'data', 'brain.json'))
  expect(store).toBeInstanceOf(FileStore)
  expect((store as FileStore).file).toBe(path.join(dir, 'data', 'store.json'))
  await store.set('k', 1)
  await expect(store.ping()).resolves.toBeUndefined()
  await store.close()
})

test('HUBOT_STORE_FILE moves the store', async () => {
  const config = readConfig({ HUBOT_BRAIN_FILE: path.join(dir, 'brain.json'), HUBOT_STORE_FILE: path.join(dir, 'elsewhere', 's.json') })
  const { store } = await createPersistence(config, silentLog)
  expect((store as FileStore).file).toBe(path.join(dir, 'elsewhere', 's.json'))
  await store.close()
})

// Skipped with the printed reason when no Redis answers; REQUIRE_REDIS=1 (CI) fails instead.
const redisUrl = await redisUrlOrSkip()
const withRedis = redisUrl == null ? test.skip : test

withRedis('with REDIS_URL: brain and store in Redis under HUBOT_REDIS_PREFIX', async () => {
  const url = redisUrl!
  const prefix = uniquePrefix('persistence')
  const config = readConfig({ REDIS_URL: url, HUBOT_REDIS_PREFIX: prefix, HUBOT_BRAIN_FILE: path.join(dir, 'brain.json') })
  const { brain, store } = await createPersistence(config, silentLog)
  try {
    expect(brain).toBeInstanceOf(RedisBrain)
    expect(store).toBeInstanceOf(RedisStore)
    await store.set('approval:1', 'x', { ttlMs: 10_000 })
    const raw = redisClient(url, 'inspect')
    expect(await keysUnder(raw, prefix)).toEqual([`${prefix}kv:approval:1`])
    await quit(raw)
    await expect(Promise.all([brain.ping(), store.ping()])).resolves.toBeDefined()
  } finally {
    await brain.close()
    await store.close()
    await cleanUp(url, prefix)
  }
})

// A read-only or full volume used to go unnoticed until the first save failed. Tests run
// as root (permissions do not stop them), so the failing write is injected.
test('at start, a brain or store directory that cannot be written is named in an error log; a writable one is probed without a trace', async () => {
  const brainDir = path.join(dir, 'ro')
  const storeDir = path.join(dir, 'rw')
  const config = readConfig({ HUBOT_BRAIN_FILE: path.join(brainDir, 'brain.json'), HUBOT_STORE_FILE: path.join(storeDir, 'store.json') })
  const logs = new LogCapture()
  const readOnly = async (file: string, text: string): Promise<void> => {
    if (file.startsWith(brainDir)) throw Object.assign(new Error(`EROFS: read-only file system, open '${file}'`), { code: 'EROFS' })
    await writeFileAtomic(file, text)
  }
  const { store } = await createPersistence(config, createLogger({ level: 'info', destination: logs }), { write: readOnly })
  await store.close()
  const problems = logs.lines.filter(l => l.level === 50)
  expect(problems).toHaveLength(1)
  expect(problems[0]).toMatchObject({ dir: brainDir, code: 'EROFS' })
  expect(String(problems[0].msg)).toContain(`${brainDir} is not writable`)
  expect(String(problems[0].msg)).toContain('HUBOT_BRAIN_FILE')
  expect(await readdir(storeDir)).toEqual([]) // the probe removed its file
})
