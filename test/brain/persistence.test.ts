// createPersistence: files by default, Redis for both brain and store when REDIS_URL is set.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, expect, test } from '@jest/globals'
import { readConfig } from '../../src/config.ts'
import { createPersistence } from '../../src/persistence.ts'
import { FileBrain } from '../../src/brain/file.ts'
import { RedisBrain } from '../../src/brain/redis.ts'
import { FileStore } from '../../src/store/file.ts'
import { RedisStore } from '../../src/store/redis.ts'
import { redisUrlOrSkip, uniquePrefix } from '../helpers/requirements.ts'
import { cleanUp, keysUnder, redisClient, silentLog } from '../helpers/redis.ts'
import { quit } from '../../src/redis-client.ts'

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

test('with REDIS_URL: brain and store in Redis under HUBOT_REDIS_PREFIX', async () => {
  const url = await redisUrlOrSkip()
  if (url == null) return
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
