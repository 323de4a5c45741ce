// What saving costs with many users: an idle save serialises no user and sends nothing,
// a change serialises and sends the users that changed (not all of them), still reaches
// another process within a second, and the Redis script travels once, then by its SHA-1.
// The work is counted (users serialised, commands seen by MONITOR), not timed.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import net from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, test } from '@jest/globals'
import hubot from 'hubot'
import { Redis } from 'ioredis'
import { startTestBot, type TestBot } from '../helpers/bot.ts'
import { redisUrlOrSkip, uniquePrefix } from '../helpers/requirements.ts'
import { cleanUp, redisClient } from '../helpers/redis.ts'
import { FileBrain } from '../../src/brain/file.ts'
import { RedisBrain } from '../../src/brain/redis.ts'
import { quit } from '../../src/store/redis-client.ts'

const url = await redisUrlOrSkip()
const maybe = url == null ? describe.skip : describe
const USERS = 1000

const bots: TestBot[] = []
const clients: Redis[] = []
const prefixes: string[] = []
const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const bot of bots.splice(0)) await bot.stop().catch(() => undefined)
  for (const client of clients.splice(0)) await quit(client)
  if (url != null) for (const p of prefixes.splice(0)) await cleanUp(url, p)
  for (const step of cleanups.splice(0)) await step()
})

/** Polls until `check` holds; fails after `ms`. */
async function within (ms: number, check: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not seen within ${ms} ms`)
    await new Promise(resolve => setTimeout(resolve, 5))
  }
}

const pause = async (ms: number): Promise<void> => { await new Promise(resolve => setTimeout(resolve, ms)) }

function someUsers (): Record<string, Record<string, unknown>> {
  const users: Record<string, Record<string, unknown>> = {}
  for (let i = 0; i < USERS; i++) users[`U-${i}`] = { id: `U-${i}`, name: `user${i}`, real_name: `User ${i}`, roles: i % 10 === 0 ? ['ops'] : [] }
  return users
}

function inspector (redisUrl: string): Redis {
  const client = redisClient(redisUrl, 'inspect')
  clients.push(client)
  return client
}

async function redisBot (redisUrl: string, prefix: string, options: { intervalMs?: number } = {}): Promise<{ bot: TestBot, brain: RedisBrain }> {
  const brain = new RedisBrain({ client: redisClient(redisUrl, 'brain'), subscriber: redisClient(redisUrl, 'brain-sub'), prefix, ...options })
  const bot = await startTestBot({ brain })
  bots.push(bot)
  return { bot, brain }
}

/** MONITOR lines that name `prefix`, lower-cased command first. */
async function monitor (redisUrl: string, prefix: string): Promise<string[][]> {
  // An error listener from the start: see the MONITOR note in redis.test.ts.
  const connection = new Redis(redisUrl, { monitor: true, connectionName: 'monitor' })
  connection.on('error', () => {})
  await new Promise(resolve => connection.once('monitoring', resolve))
  clients.push(connection)
  const seen: string[][] = []
  connection.on('monitor', (_time: string, args: string[]) => {
    if (args.some(arg => String(arg).includes(prefix))) seen.push([String(args[0]).toLowerCase(), ...args.slice(1).map(String)])
  })
  return seen
}

maybe('Redis brain with many users', () => {
  test('idle saves serialise no user and send nothing; a change sends that user alone and reaches the other process within a second', async () => {
    const prefix = uniquePrefix('brain-cost')
    prefixes.push(prefix)
    const seed = inspector(url!)
    await seed.hset(`${prefix}brain:users`, Object.fromEntries(Object.entries(someUsers()).map(([id, u]) => [id, JSON.stringify(u)])))
    const { bot: a, brain } = await redisBot(url!, prefix, { intervalMs: 20 })
    const { bot: b } = await redisBot(url!, prefix, { intervalMs: 20 })
    const seen = await monitor(url!, prefix)

    await pause(200) // ten save ticks on each robot
    expect(brain.changes.usersSerialised).toBe(0)
    expect(seen).toEqual([])

    // An adapter's way: fetched through userForId, changed in place, no save() call.
    a.robot.brain.userForId('U-42').room = 'C-ops'
    await within(1000, () => b.robot.brain.data.users['U-42']?.room === 'C-ops')
    expect(brain.changes.usersSerialised).toBeLessThanOrEqual(2)
    const calls = seen.filter(([command]) => command === 'evalsha')
    expect(calls).toHaveLength(1)
    // sha, key count, four keys, channel, announcement, lowest version, then one slot: hash, field, expected, JSON
    const [, , , , , , , , announcement, , hash, field, expected, json] = calls[0]
    expect(calls[0]).toHaveLength(14)
    expect([hash, field, JSON.parse(json).room]).toEqual(['1', 'U-42', 'C-ops'])
    expect(expected).toMatch(/^[0-9a-f]{40}$/) // what Redis should still hold, as its SHA-1
    expect(JSON.parse(announcement)).toMatchObject({ users: ['U-42'] })
  })

  test('a user found by name and changed in place (hubot-auth gives roles this way) is saved without waiting for the full check', async () => {
    const prefix = uniquePrefix('brain-by-name')
    prefixes.push(prefix)
    const { bot, brain } = await redisBot(url!, prefix, { intervalMs: 20 })
    bot.robot.brain.userForId('U-carol', { name: 'carol' })
    await brain.flush()
    await pause(50) // the mark from userForId is used up
    const carol = bot.robot.brain.userForName('Carol')
    expect(carol?.id).toBe('U-carol')
    carol!.roles = ['deployers']
    const raw = inspector(url!)
    await within(1000, async () => JSON.parse((await raw.hget(`${prefix}brain:users`, 'U-carol')) ?? '{}').roles?.[0] === 'deployers')
  })

  test('a user changed through a kept reference, reported by nothing, is saved when the script calls robot.brain.save(); idle, nothing compares it', async () => {
    const prefix = uniquePrefix('brain-full-check')
    prefixes.push(prefix)
    const { bot, brain } = await redisBot(url!, prefix, { intervalMs: 20 })
    bot.robot.brain.userForId('U-bob', { name: 'bob' })
    await brain.flush()
    const bob = bot.robot.brain.data.users['U-bob']
    await pause(50) // the mark from userForId is used up
    const before = brain.changes.usersSerialised
    bob.title = 'on call'
    await pause(100) // five save ticks: no user is compared without a reason
    expect(brain.changes.usersSerialised).toBe(before)
    bot.robot.brain.save()
    const raw = inspector(url!)
    await within(1000, async () => JSON.parse((await raw.hget(`${prefix}brain:users`, 'U-bob')) ?? '{}').title === 'on call')
  })

  test('the script is loaded once and called by its SHA-1; a Redis that lost it gets it again once', async () => {
    // A server of our own: SCRIPT FLUSH empties every client's script cache.
    const redisUrl = await ownRedis()
    const prefix = uniquePrefix('brain-script')
    const { bot, brain } = await redisBot(redisUrl, prefix)
    const seen = await monitor(redisUrl, prefix)
    const commands = (): string[] => seen.map(([command]) => command).filter(c => c.startsWith('eval'))

    bot.robot.brain.set('first', 1)
    await brain.saveNow()
    await within(1000, () => commands().length === 1)
    expect(commands()).toEqual(['evalsha'])

    await inspector(redisUrl).script('FLUSH')
    bot.robot.brain.set('second', 2)
    await brain.saveNow()
    bot.robot.brain.set('third', 3)
    await brain.saveNow()
    await within(1000, () => commands().length === 4)
    await pause(50)
    expect(commands()).toEqual(['evalsha', 'evalsha', 'eval', 'evalsha'])
    const raw = inspector(redisUrl)
    expect(await raw.hmget(`${prefix}brain:private`, 'first', 'second', 'third')).toEqual(['1', '2', '3'])
  })
})

async function ownRedis (): Promise<string> {
  const probe = net.createServer()
  await new Promise<void>(resolve => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as net.AddressInfo
  await new Promise(resolve => probe.close(resolve))
  const server: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' })
  cleanups.push(async () => {
    if (server.exitCode != null || server.signalCode != null) return
    const exited = new Promise(resolve => server.once('exit', resolve))
    server.kill('SIGKILL')
    await exited
  })
  const redisUrl = `redis://127.0.0.1:${port}`
  const client = redisClient(redisUrl, 'probe')
  client.on('error', () => {})
  clients.push(client)
  await within(5000, async () => await client.ping().then(() => true, () => false))
  return redisUrl
}

describe('file brain with many users', () => {
  let dir: string
  afterEach(async () => { await rm(dir, { recursive: true, force: true }) })

  test('idle saves serialise no user and write nothing; a change serialises that user, and the file is the brain', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'brain-cost-'))
    const file = path.join(dir, 'brain.json')
    await writeFile(file, JSON.stringify({ users: someUsers(), _private: { motd: 'hi' }, karma: { bob: 3 } }))
    const brain = new FileBrain(file, { intervalMs: 20 })
    const bot = await startTestBot({ brain })
    bots.push(bot)
    const before = await stat(file)

    await pause(200) // ten save ticks
    expect(brain.changes.usersSerialised).toBe(0)
    expect((await stat(file)).mtimeMs).toBe(before.mtimeMs)

    bot.robot.brain.userForId('U-7').room = 'C-ops'
    await within(1000, async () => (await readFile(file, 'utf8')).includes('"room":"C-ops"'))
    expect(brain.changes.usersSerialised).toBeLessThanOrEqual(2)
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(JSON.parse(JSON.stringify(bot.robot.brain.data)))
  })

  test('a sender changed in place before receipt (Slack sets the room) or by a listener after an await is saved', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'brain-cost-'))
    const file = path.join(dir, 'brain.json')
    await writeFile(file, JSON.stringify({ users: someUsers(), _private: {} }))
    const brain = new FileBrain(file, { intervalMs: 20 })
    const bot = await startTestBot({ brain })
    bots.push(bot)
    bot.robot.hear(/^later$/, { id: 'test.later' }, async (res) => {
      await pause(60) // several save ticks pass before the change
      res.message.user.tz = 'Europe/Paris'
    })
    const saved = async (): Promise<Record<string, unknown>> => JSON.parse(await readFile(file, 'utf8').catch(() => '{"users":{}}')).users['U-5'] ?? {}
    const user = bot.robot.brain.data.users['U-5']
    user.room = 'C-new'
    await bot.robot.receive(new hubot.TextMessage(user, 'hello', 'm1'))
    await within(1000, async () => (await saved()).room === 'C-new')
    await bot.robot.receive(new hubot.TextMessage(user, 'later', 'm2'))
    await within(1000, async () => (await saved()).tz === 'Europe/Paris')
    expect(brain.changes.usersSerialised).toBeLessThanOrEqual(4)
  })

  test('a user deleted from brain.data.users directly is gone from the file after robot.brain.save(), which compares every user once', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'brain-cost-'))
    const file = path.join(dir, 'brain.json')
    await writeFile(file, JSON.stringify({ users: someUsers(), _private: {} }))
    const brain = new FileBrain(file, { intervalMs: 60_000 })
    const bot = await startTestBot({ brain })
    bots.push(bot)
    delete bot.robot.brain.data.users['U-3']
    bot.robot.brain.save()
    await within(1000, async () => !(await readFile(file, 'utf8')).includes('"U-3"'))
    expect(brain.changes.usersSerialised).toBe(USERS - 1)
    expect(Object.keys(JSON.parse(await readFile(file, 'utf8')).users)).toHaveLength(USERS - 1)
  })
})
