// saveNow(): what a change confirmed in chat waits for. It resolves only once the brain as
// it is now is durable, and rejects when that write failed, on every brain; the timer's
// saves (robot.brain.save()) only log.
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import { startTestBot, type TestBot } from '../helpers/bot.ts'
import { redisUrlOrSkip, uniquePrefix } from '../helpers/requirements.ts'
import { cleanUp, redisClient } from '../helpers/redis.ts'
import { FileBrain } from '../../src/brain/file.ts'
import { MemoryBrain } from '../../src/brain/memory.ts'
import { RedisBrain } from '../../src/brain/redis.ts'
import { saveBrainNow } from '../../src/brain/durable.ts'
import { writeFileAtomic } from '../../src/store/atomic-file.ts'
import { quit } from '../../src/store/redis-client.ts'

const url = await redisUrlOrSkip()

let dir: string
const bots: TestBot[] = []
beforeEach(async () => { dir = await mkdtemp(path.join(tmpdir(), 'save-now-')) })
afterEach(async () => {
  for (const bot of bots.splice(0)) await bot.stop().catch(() => undefined)
  await rm(dir, { recursive: true, force: true })
})

const enospc = (): Error => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' })

describe('saveNow', () => {
  test('file brain: rejects while the disk is full, then resolves with the state on disk', async () => {
    const file = path.join(dir, 'brain.json')
    let full = false
    const brain = new FileBrain(file, { intervalMs: 60_000, write: async (f, text) => { if (full) throw enospc(); await writeFileAtomic(f, text) } })
    const bot = await startTestBot({ brain })
    bots.push(bot)
    full = true
    bot.robot.brain.set('k', 'v1')
    await expect(saveBrainNow(bot.robot)).rejects.toThrow(/ENOSPC/)
    await expect(readFile(file, 'utf8')).rejects.toThrow(/ENOENT/)
    full = false
    bot.robot.brain.set('k', 'v2')
    await saveBrainNow(bot.robot)
    expect(JSON.parse(await readFile(file, 'utf8'))._private.k).toBe('v2') // no timer tick needed
  })

  test('file brain: rejects once closed, rather than claiming a save it did not make', async () => {
    const brain = new FileBrain(path.join(dir, 'brain.json'))
    const bot = await startTestBot({ brain })
    await bot.stop()
    await expect(brain.saveNow()).rejects.toThrow(/closed/)
  })

  test('memory brain resolves; a robot without persistence rejects', async () => {
    const bot = await startTestBot({ brain: new MemoryBrain() })
    bots.push(bot)
    await expect(saveBrainNow(bot.robot)).resolves.toBeUndefined()
    await expect(saveBrainNow({} as unknown as TestBot['robot'])).rejects.toThrow(/no brain persistence/)
  })

  const maybe = url == null ? test.skip : test
  maybe('Redis brain: rejects while Redis is unreachable, then resolves with the state in Redis', async () => {
    const prefix = uniquePrefix('save-now')
    const client = redisClient(url!, 'brain')
    const bot = await startTestBot({ brain: new RedisBrain({ client, subscriber: redisClient(url!, 'brain-sub'), prefix, intervalMs: 60_000 }) })
    bots.push(bot)
    const raw = redisClient(url!, 'inspect')
    try {
      client.options.retryStrategy = () => null // stays down until connect() below
      client.options.maxRetriesPerRequest = 0
      client.disconnect()
      bot.robot.brain.set('k', 'v1')
      await expect(saveBrainNow(bot.robot)).rejects.toThrow()
      expect(await raw.hget(`${prefix}brain:private`, 'k')).toBeNull()
      await client.connect()
      await saveBrainNow(bot.robot)
      expect(await raw.hget(`${prefix}brain:private`, 'k')).toBe('"v1"')
    } finally {
      await quit(raw)
      await cleanUp(url!, prefix)
    }
  })
})
