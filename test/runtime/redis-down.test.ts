// While Redis is known to be down (the connection was lost and ioredis is reconnecting),
// a command that needs storage fails at once with a sentence saying so, instead of waiting
// on ioredis's reconnect attempts (seconds per command, more the longer Redis is down).
// Redis here is a private redis-server child, killed mid-test.
import { afterEach, describe, expect, test } from '@jest/globals'
import path from 'node:path'
import { readConfig } from '../../src/core/config.ts'
import { createLogger } from '../../src/core/log.ts'
import { createPersistence } from '../../src/runtime/persistence.ts'
import type { SharedStore } from '../../src/store/index.ts'
import type { BrainPersistence } from '../../src/brain/index.ts'
import { LogCapture, ROOT, startTestBot, type TestBot } from '../helpers/bot.ts'
import { startRedisServer, type RedisChild } from '../helpers/redis-server.ts'

const SENTENCE = "storage (Redis) is unreachable: the command did not run; try again in a minute, and tell the bot's admins if it persists."

let redis: RedisChild | undefined
let bot: TestBot | undefined
afterEach(async () => {
  await redis?.kill()
  // The brain cannot be flushed with Redis gone: stop() says so by rejecting.
  await bot?.stop().catch(() => undefined)
  redis = undefined; bot = undefined
})

async function until (check: () => Promise<boolean>, what: string, ms = 3000): Promise<void> {
  const started = Date.now()
  while (!await check()) {
    if (Date.now() - started > ms) throw new Error(`timed out waiting for ${what}`)
    await new Promise(resolve => setTimeout(resolve, 10))
  }
}

const isDown = async (store: SharedStore): Promise<boolean> => await store.ping().then(() => false, () => true)

async function botOnRedis (): Promise<{ bot: TestBot, store: SharedStore, brain: BrainPersistence }> {
  redis = await startRedisServer()
  const env = { REDIS_URL: redis.url, HUBOT_AUTH_ADMIN: 'U-admin', HUBOT_LOG_LEVEL: 'debug' }
  const { brain, store } = await createPersistence(readConfig(env), createLogger({ level: 'debug', destination: new LogCapture() }))
  bot = await startTestBot({ env, brain, store, scripts: ['roles.ts', 'approvals.ts'] })
  await bot.robot.loadFile(path.join(ROOT, 'test', 'fixtures', 'scripts'), 'approval-fixture.ts')
  bot.robot.brain.userForId('U-admin', { name: 'admin' })
  bot.robot.brain.userForId('U-alice', { name: 'alice', roles: ['deployers'] })
  return { bot, store, brain }
}

async function timed (who: string, text: string): Promise<{ replies: string[], ms: number }> {
  const started = performance.now()
  const replies = await bot!.say(who, text, { name: who === 'U-admin' ? 'admin' : 'alice' })
  return { replies, ms: performance.now() - started }
}

describe('Redis down', () => {
  test('a role grant and a command needing approval answer within a second that storage is unreachable; nothing changes', async () => {
    const { store } = await botOnRedis()
    // Up: both work.
    expect((await timed('U-admin', 'hubot alice has ops role')).replies).toEqual(["admin: OK, alice has the 'ops' role."])
    expect((await timed('U-alice', 'hubot deploy v1 to prod')).replies[0]).toContain("1 approval needed from 'deployers'")

    await redis!.kill()
    await until(async () => await isDown(store), 'the store to see Redis gone')
    for (const [who, text] of [['U-admin', 'hubot alice has qa role'], ['U-alice', 'hubot deploy v2 to prod'], ['U-admin', "hubot alice doesn't have ops role"]]) {
      const { replies, ms } = await timed(who, text)
      expect({ text, replies }).toEqual({ text, replies: [`${who === 'U-admin' ? 'admin' : 'alice'}: ${SENTENCE}`] })
      expect(ms).toBeLessThan(1000)
    }
    expect(bot!.robot.brain.data.users['U-alice'].roles).toEqual(['deployers', 'ops'])
  })

  test('when Redis is back, commands run again', async () => {
    const { store, brain } = await botOnRedis()
    const port = redis!.port
    await redis!.kill()
    await until(async () => await isDown(store), 'the store to see Redis gone')
    expect((await timed('U-admin', 'hubot alice has qa role')).replies).toEqual([`admin: ${SENTENCE}`])
    redis = await startRedisServer(port)
    // ioredis waits up to 2 s between reconnect attempts.
    // A grant needs both connections: the audit entry goes to the store, the role to the brain.
    await until(async () => !await isDown(store) && await brain.ping().then(() => true, () => false), 'the store and the brain to reconnect', 5000)
    expect((await timed('U-admin', 'hubot alice has qa role')).replies).toEqual(["admin: OK, alice has the 'qa' role."])
  })

  test('the store itself rejects at once with that sentence while the connection is down (not after ioredis\'s retries)', async () => {
    const { store } = await botOnRedis()
    await store.set('probe', 1)
    await redis!.kill()
    await until(async () => await isDown(store), 'the store to see Redis gone')
    for (const op of [() => store.get('probe'), () => store.set('probe', 2), () => store.append('audit', { x: 1 }, 10), () => store.compareAndSet('probe', 1, 2), () => store.keys('p')]) {
      const started = performance.now()
      await expect(op()).rejects.toMatchObject({ code: 'unavailable', message: SENTENCE })
      expect(performance.now() - started).toBeLessThan(100)
    }
  })
})
