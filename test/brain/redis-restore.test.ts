// Redis without persistence forgets everything when it restarts. The brain must not take
// that emptiness as "every user was deleted": a confirmed role stays, the local copy is
// written back, and the log says loudly how many keys were restored. Deletions another
// process really made (announced, or found on a resync) still apply; see redis.test.ts.
import { spawn, type ChildProcess } from 'node:child_process'
import net from 'node:net'
import { afterEach, describe, expect, test } from '@jest/globals'
import type { Redis } from 'ioredis'
import { startTestBot, type TestBot } from '../helpers/bot.ts'
import { redisUrlOrSkip, uniquePrefix } from '../helpers/requirements.ts'
import { cleanUp, keysUnder, redisClient } from '../helpers/redis.ts'
import { RedisBrain } from '../../src/brain/redis.ts'
import { quit } from '../../src/store/redis-client.ts'
import { rolesOf } from '../../src/access/index.ts'

const url = await redisUrlOrSkip()
const maybe = url == null ? describe.skip : describe
const ADMIN = { HUBOT_AUTH_ADMIN: 'U-admin' }

const bots: TestBot[] = []
const clients: Redis[] = []
const servers: ChildProcess[] = []
const prefixes: Array<[string, string]> = []
afterEach(async () => {
  for (const bot of bots.splice(0)) await bot.stop().catch(() => undefined)
  for (const client of clients.splice(0)) await quit(client)
  for (const server of servers.splice(0)) await stopServer(server)
  for (const [u, p] of prefixes.splice(0)) await cleanUp(u, p)
})

/** Polls every 10 ms until `check` holds; fails after `ms`. */
async function until (check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`)
    await new Promise(resolve => setTimeout(resolve, 10))
  }
}

async function freePort (): Promise<number> {
  const server = net.createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise(resolve => server.close(resolve))
  return port
}

/** A redis-server of this test's own, with no persistence: a restart comes back empty. */
async function startServer (port: number): Promise<ChildProcess> {
  const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' })
  servers.push(server)
  const probe = redisClient(`redis://127.0.0.1:${port}`, 'probe')
  probe.on('error', () => {})
  try {
    await until(async () => await probe.ping().then(() => true, () => false))
  } finally {
    probe.disconnect()
  }
  return server
}

async function stopServer (server: ChildProcess): Promise<void> {
  if (server.exitCode != null || server.signalCode != null) return
  const exited = new Promise(resolve => server.once('exit', resolve))
  server.kill('SIGKILL')
  await exited
}

async function robot (redisUrl: string, prefix: string, intervalMs = 60_000): Promise<{ bot: TestBot, brain: RedisBrain, client: Redis, subscriber: Redis }> {
  if (redisUrl === url) prefixes.push([redisUrl, prefix]) // a server of our own dies with its keys
  const subscriber = redisClient(redisUrl, 'brain-sub')
  const client = redisClient(redisUrl, 'brain')
  const brain = new RedisBrain({ client, subscriber, prefix, intervalMs })
  const bot = await startTestBot({ brain, scripts: ['roles.ts'], env: ADMIN })
  bots.push(bot)
  bot.robot.brain.userForId('U-bob', { name: 'bob' })
  bot.robot.brain.userForId('U-carol', { name: 'carol' })
  bot.robot.brain.set('motd', 'hello')
  await brain.flush()
  expect(await bot.say('U-admin', 'hubot bob has deployers role', { name: 'admin' })).toEqual(["admin: OK, bob has the 'deployers' role."])
  return { bot, brain, client, subscriber }
}

function restoredLog (bot: TestBot): Record<string, unknown> | undefined {
  return bot.logs.lines.find(l => String(l.msg).startsWith('Redis brain: Redis lost keys this process had saved'))
}

maybe('Redis brain after Redis lost its data', () => {
  test('Redis restarted empty: the confirmed role stays, every key is written back, and the log says how many', async () => {
    const port = await freePort()
    const redisUrl = `redis://127.0.0.1:${port}`
    const server = await startServer(port)
    const prefix = uniquePrefix('restore-restart')
    const { bot, client, subscriber } = await robot(redisUrl, prefix)
    // Reconnect every 20 ms, not on ioredis's backoff (up to 2 s between attempts).
    for (const c of [client, subscriber]) c.options.retryStrategy = () => 20
    const raw = redisClient(redisUrl, 'inspect')
    raw.on('error', () => {})
    clients.push(raw)

    const resynced = (): number => bot.logs.lines.filter(l => l.msg === 'Redis brain: resynchronised after the change subscription reconnected').length
    await stopServer(server)
    await startServer(port) // same port, nothing in it
    await until(() => resynced() > 0, 15_000)
    expect(rolesOf(bot.robot, 'U-bob')).toEqual(['deployers'])
    expect(restoredLog(bot)).toMatchObject({ level: 50, restored: 4 }) // bob, carol, admin, motd
    await until(async () => (await raw.hget(`${prefix}brain:users`, 'U-bob').catch(() => null)) != null)
    expect(JSON.parse((await raw.hget(`${prefix}brain:users`, 'U-bob'))!)).toMatchObject({ roles: ['deployers'] })
    expect(await raw.hget(`${prefix}brain:private`, 'motd')).toBe('"hello"')
    expect(await raw.hlen(`${prefix}brain:users`)).toBe(3)
    // A second robot starting now finds the role in Redis.
    const later = await startTestBot({ brain: new RedisBrain({ client: redisClient(redisUrl, 'brain'), subscriber: redisClient(redisUrl, 'brain-sub'), prefix }), env: ADMIN })
    bots.push(later)
    expect(rolesOf(later.robot, 'U-bob')).toEqual(['deployers'])
  }, 30_000)

  test('keys deleted from under the brain are found on the next resync and written back', async () => {
    const prefix = uniquePrefix('restore-resync')
    const { bot, subscriber } = await robot(url!, prefix)
    const raw = redisClient(url!, 'inspect')
    clients.push(raw)
    await raw.del(...await keysUnder(raw, prefix)) // only this test's keys
    subscriber.options.retryStrategy = () => 20
    subscriber.disconnect(true) // reconnects at once: the resync runs
    await until(() => restoredLog(bot) != null)
    expect(rolesOf(bot.robot, 'U-bob')).toEqual(['deployers'])
    expect(bot.robot.brain.get('motd')).toBe('hello')
    expect(JSON.parse((await raw.hget(`${prefix}brain:users`, 'U-bob'))!)).toMatchObject({ roles: ['deployers'] })
    expect(bot.logs.lines.some(l => l.msg === 'Redis brain: resynchronised after the change subscription reconnected' && l.level === 30)).toBe(true)
  })

  test('a save that finds Redis emptied writes every key back, not only the changed one', async () => {
    const prefix = uniquePrefix('restore-save')
    const { bot, brain } = await robot(url!, prefix)
    const raw = redisClient(url!, 'inspect')
    clients.push(raw)
    await raw.del(...await keysUnder(raw, prefix))
    expect(await bot.say('U-admin', 'hubot carol has oncall role', { name: 'admin' })).toEqual(["admin: OK, carol has the 'oncall' role."])
    await brain.flush()
    expect(restoredLog(bot)).toMatchObject({ level: 50 })
    expect(rolesOf(bot.robot, 'U-bob')).toEqual(['deployers'])
    expect(JSON.parse((await raw.hget(`${prefix}brain:users`, 'U-bob'))!)).toMatchObject({ roles: ['deployers'] })
    expect(JSON.parse((await raw.hget(`${prefix}brain:users`, 'U-carol'))!)).toMatchObject({ roles: ['oncall'] })
    expect(await raw.hget(`${prefix}brain:private`, 'motd')).toBe('"hello"')
  })

  test('a user another process really deleted while disconnected is removed on the resync, with a warning, and nothing is restored', async () => {
    const prefix = uniquePrefix('restore-deleted')
    const { bot: a, subscriber } = await robot(url!, prefix)
    const b = await startTestBot({ brain: new RedisBrain({ client: redisClient(url!, 'brain'), subscriber: redisClient(url!, 'brain-sub'), prefix }), env: ADMIN })
    bots.push(b)
    subscriber.options.retryStrategy = () => 300
    subscriber.disconnect(true)
    await until(() => subscriber.status !== 'ready')
    delete b.robot.brain.data.users['U-carol']
    b.robot.brain.save()
    const raw = redisClient(url!, 'inspect')
    clients.push(raw)
    await until(async () => (await raw.hexists(`${prefix}brain:users`, 'U-carol')) === 0)
    await until(() => a.robot.brain.data.users['U-carol'] == null)
    expect(a.logs.lines.find(l => String(l.msg).startsWith('Redis brain: users deleted by another process'))).toMatchObject({ level: 40, user_ids: ['U-carol'] })
    expect(restoredLog(a)).toBeUndefined()
    expect(rolesOf(a.robot, 'U-bob')).toEqual(['deployers'])
  })
})
