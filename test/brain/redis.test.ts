// The Redis brain against a real Redis, with two robots on one prefix standing in for two
// bot processes: per-key storage, no lost updates, changes seen by the other robot
// within a second, and no Redis traffic at all while idle.
import { afterEach, describe, expect, test } from '@jest/globals'
import { Redis } from 'ioredis'
import { startTestBot, type TestBot } from '../helpers/bot.ts'
import { redisUrlOrSkip, uniquePrefix } from '../helpers/requirements.ts'
import { cleanUp, redisClient } from '../helpers/redis.ts'
import { RedisBrain } from '../../src/brain/redis.ts'
import { quit } from '../../src/store/redis-client.ts'
import { rolesOf } from '../../src/access/index.ts'

const url = await redisUrlOrSkip()
const maybe = url == null ? describe.skip : describe
const ADMIN = { HUBOT_AUTH_ADMIN: 'U-admin' }

const bots: TestBot[] = []
const brainOf = new Map<TestBot, RedisBrain>()
const prefixes: string[] = []
const extra: Redis[] = []
afterEach(async () => {
  for (const bot of bots.splice(0)) await bot.stop()
  for (const client of extra.splice(0)) await quit(client)
  if (url != null) for (const p of prefixes.splice(0)) await cleanUp(url, p)
})

const subscriberOf = new Map<RedisBrain, Redis>()
function brain (prefix: string, intervalMs?: number): RedisBrain {
  const subscriber = redisClient(url!, 'brain-sub')
  const b = new RedisBrain({ client: redisClient(url!, 'brain'), subscriber, prefix, intervalMs })
  subscriberOf.set(b, subscriber)
  return b
}

async function robots (count: number, options: { intervalMs?: number, prefix?: string } = {}): Promise<[string, ...TestBot[]]> {
  const prefix = options.prefix ?? uniquePrefix('brain')
  prefixes.push(prefix)
  const started: TestBot[] = []
  for (let i = 0; i < count; i++) {
    const b = brain(prefix, options.intervalMs)
    const bot = await startTestBot({ brain: b, scripts: ['roles.ts'], env: ADMIN })
    brainOf.set(bot, b)
    started.push(bot)
  }
  bots.push(...started)
  return [prefix, ...started]
}

/** Polls until `check` holds; fails after `ms`. Returns the time it took. */
async function within (ms: number, check: () => boolean): Promise<number> {
  const start = Date.now()
  while (!check()) {
    if (Date.now() - start > ms) throw new Error(`not seen within ${ms} ms`)
    await new Promise(resolve => setTimeout(resolve, 5))
  }
  return Date.now() - start
}

maybe('redis brain', () => {
  test('each user and each private key is its own hash field; no blob', async () => {
    const [prefix, a] = await robots(1)
    a.robot.brain.userForId('U-bob', { name: 'bob' })
    a.robot.brain.set('email:U-bob', 'bob@example.com')
    a.robot.brain.save()
    await brainOf.get(a)!.flush()
    const raw = redisClient(url!, 'inspect')
    extra.push(raw)
    expect(JSON.parse((await raw.hget(`${prefix}brain:users`, 'U-bob'))!)).toMatchObject({ id: 'U-bob', name: 'bob' })
    expect(await raw.hget(`${prefix}brain:private`, 'email:U-bob')).toBe('"bob@example.com"')
    expect(await raw.exists(`${prefix}storage`)).toBe(0)
  })

  test('a role granted on robot A is seen on robot B within a second', async () => {
    const [, a, b] = await robots(2)
    a.robot.brain.userForId('U-bob', { name: 'bob' })
    expect(await a.say('U-admin', 'hubot bob has deployers role', { name: 'admin' })).toEqual(["admin: OK, bob has the 'deployers' role."])
    await within(1000, () => rolesOf(b.robot, 'U-bob').includes('deployers'))
    expect(b.robot.brain.data.users['U-bob'].constructor.name).toBe('User')
    expect(await b.say('U-alice', 'hubot what roles does bob have', { name: 'alice' })).toEqual(['alice: bob has the following roles: deployers.'])
    // and back: a revoke on B reaches A
    expect(await b.say('U-admin', "hubot bob doesn't have deployers role", { name: 'admin' })).toEqual(["admin: OK, bob doesn't have the 'deployers' role."])
    await within(1000, () => !rolesOf(a.robot, 'U-bob').includes('deployers'))
  })

  test('concurrent changes to different keys on two robots both survive', async () => {
    const [prefix, a, b] = await robots(2)
    for (const [id, name] of [['U-bob', 'bob'], ['U-carol', 'carol']]) a.robot.brain.userForId(id, { name })
    a.robot.brain.save()
    await within(1000, () => b.robot.brain.data.users['U-carol'] != null)

    // hubot-redis-brain would let the later of these two saves overwrite the other.
    await Promise.all([
      a.say('U-admin', 'hubot bob has deployers role', { name: 'admin' }),
      b.say('U-admin', 'hubot carol has oncall role', { name: 'admin' }),
      (async () => { a.robot.brain.set('email:U-bob', 'bob@example.com'); a.robot.brain.save() })(),
      (async () => { b.robot.brain.set('email:U-carol', 'carol@example.com'); b.robot.brain.save() })()
    ])
    await brainOf.get(a)!.flush()
    await brainOf.get(b)!.flush()
    for (const bot of [a, b]) {
      await within(1000, () => rolesOf(bot.robot, 'U-bob').includes('deployers') && rolesOf(bot.robot, 'U-carol').includes('oncall'))
      await within(1000, () => bot.robot.brain.get('email:U-bob') != null && bot.robot.brain.get('email:U-carol') != null)
    }
    // A third process starting now loads both.
    const [, c] = await robots(1, { prefix })
    expect(rolesOf(c.robot, 'U-bob')).toEqual(['deployers'])
    expect(rolesOf(c.robot, 'U-carol')).toEqual(['oncall'])
    expect([c.robot.brain.get('email:U-bob'), c.robot.brain.get('email:U-carol')]).toEqual(['bob@example.com', 'carol@example.com'])
  })

  test('a removed key is removed on the other robot too', async () => {
    const [, a, b] = await robots(2)
    a.robot.brain.set('token:cache', { v: 1 })
    a.robot.brain.save()
    await within(1000, () => b.robot.brain.get('token:cache') != null)
    a.robot.brain.remove('token:cache')
    a.robot.brain.save()
    await within(1000, () => b.robot.brain.get('token:cache') == null)
  })

  test('idle robots send Redis nothing; a change is one transaction', async () => {
    const [prefix, a] = await robots(2, { intervalMs: 20 })
    // A MONITOR connection of our own, with an error listener from the start: on a busy
    // Redis (other test files) monitor lines can arrive in the same packet as MONITOR's OK,
    // before ioredis counts the connection as monitoring; it then emits a "command queue
    // state error" that base.monitor() leaves unhandled. Those lines are other tests'.
    const monitor = new Redis(url!, { monitor: true, connectionName: 'monitor' })
    monitor.on('error', () => {})
    await new Promise(resolve => monitor.once('monitoring', resolve))
    extra.push(monitor)
    const seen: string[][] = []
    monitor.on('monitor', (_time: string, args: string[]) => {
      if (args.some(arg => String(arg).includes(prefix))) seen.push(args.map(String))
    })
    await new Promise(resolve => setTimeout(resolve, 200)) // ten save-timer ticks on each robot
    expect(seen).toEqual([])

    a.robot.brain.set('email:U-bob', 'bob@example.com') // no save(): the timer finds it
    // The other robot reads the announced change (HMGET) after the PUBLISH: on a loaded
    // machine that can come a little later, so both are waited for.
    await within(2000, () => seen.some(args => args[0].toLowerCase() === 'publish') && seen.some(args => args[0].toLowerCase() === 'hmget'))
    expect(seen.map(args => args[0].toLowerCase())).toEqual(expect.arrayContaining(['hset', 'publish', 'hmget']))
    // One script call (check, write, announce in one atomic step), by its SHA-1: the script
    // itself was loaded once at start. MONITOR shows the calls it makes in upper case.
    expect(seen.filter(args => args[0].toLowerCase() === 'evalsha')).toHaveLength(1)
    expect(seen.filter(args => args[0].toLowerCase() === 'eval')).toEqual([])
    expect(seen.filter(args => args[0].toLowerCase() === 'hset').map(([cmd, ...rest]) => [cmd.toLowerCase(), ...rest])).toEqual([['hset', `${prefix}brain:private`, 'email:U-bob', '"bob@example.com"']])
  })

  test('a hubot-redis-brain blob at <prefix>storage is imported once, per key', async () => {
    const prefix = uniquePrefix('brain-legacy')
    prefixes.push(prefix)
    const raw = redisClient(url!, 'seed')
    extra.push(raw)
    await raw.set(`${prefix}storage`, JSON.stringify({ users: { 'U-bob': { id: 'U-bob', name: 'bob', roles: ['ops'] } }, _private: { k: 1 } }))
    const [, a] = await robots(1, { prefix })
    expect(rolesOf(a.robot, 'U-bob')).toEqual(['ops'])
    expect(JSON.parse((await raw.hget(`${prefix}brain:users`, 'U-bob'))!)).toMatchObject({ roles: ['ops'] })
    expect(await raw.hget(`${prefix}brain:private`, 'k')).toBe('1')
  })

  test('a field that is not JSON is skipped on load and never overwritten', async () => {
    const prefix = uniquePrefix('brain-bad-field')
    prefixes.push(prefix)
    const raw = redisClient(url!, 'seed')
    extra.push(raw)
    await raw.hset(`${prefix}brain:users`, 'U-bad', '{"id": "U-b', 'U-good', JSON.stringify({ id: 'U-good', name: 'good', roles: ['qa'] }))
    const [, a] = await robots(1, { prefix })
    expect(Object.keys(a.robot.brain.data.users)).toEqual(['U-good'])
    expect(rolesOf(a.robot, 'U-good')).toEqual(['qa'])
    expect(a.logs.lines.some(l => l.field === 'U-bad' && String(l.msg).includes('not JSON'))).toBe(true)
    a.robot.brain.set('other', 1)
    a.robot.brain.save()
    await brainOf.get(a)!.flush()
    expect(await raw.hget(`${prefix}brain:users`, 'U-bad')).toBe('{"id": "U-b')
  })

  test('a local change not saved yet is kept over a remote change to the same key, then wins everywhere', async () => {
    const [, a, b] = await robots(2, { intervalMs: 60_000 })
    a.robot.brain.set('motd', 'from A') // not saved yet: A's timer is a minute away
    b.robot.brain.set('motd', 'from B')
    b.robot.brain.set('marker', 'same save as motd')
    b.robot.brain.save()
    await within(1000, () => a.robot.brain.get('marker') != null) // A has merged B's announcement
    expect(a.robot.brain.get('motd')).toBe('from A')
    await brainOf.get(a)!.flush()
    await within(1000, () => b.robot.brain.get('motd') === 'from A')
  })

  test('changes announced while a robot\'s subscription was down are merged once it reconnects', async () => {
    const [, a, b] = await robots(2)
    a.robot.brain.userForId('U-bob', { name: 'bob' })
    a.robot.brain.set('motd', 'hello')
    a.robot.brain.save()
    await within(1000, () => b.robot.brain.data.users['U-bob'] != null && b.robot.brain.get('motd') != null)
    const sub = subscriberOf.get(brainOf.get(a)!)!
    sub.options.retryStrategy = () => 300 // a network blip of 0.3 s
    sub.disconnect(true)
    await within(1000, () => sub.status !== 'ready')
    // B grants a role, adds a key and removes one; A's subscription misses the announcements.
    expect(await b.say('U-admin', 'hubot bob has deployers role', { name: 'admin' })).toEqual(["admin: OK, bob has the 'deployers' role."])
    b.robot.brain.set('new-key', 1)
    b.robot.brain.remove('motd')
    b.robot.brain.save()
    await brainOf.get(b)!.flush()
    expect(sub.status).not.toBe('ready')
    await within(2000, () => rolesOf(a.robot, 'U-bob').includes('deployers') && a.robot.brain.get('new-key') === 1 && a.robot.brain.get('motd') == null)
    // and announcements flow again afterwards, past a field that is not JSON
    const raw = redisClient(url!, 'seed')
    extra.push(raw)
    await raw.hset(`${prefixes.at(-1)!}brain:private`, 'broken', '{"half')
    sub.disconnect(true)
    await within(1000, () => sub.status !== 'ready')
    b.robot.brain.set('later', true)
    b.robot.brain.save()
    await within(2000, () => a.robot.brain.get('later') === true)
    expect(a.robot.brain.get('broken')).toBeNull()
  })

  test('two roles granted to one user at the same moment on two robots: both are kept', async () => {
    const [prefix, a, b] = await robots(2)
    a.robot.brain.userForId('U-bob', { name: 'bob' })
    a.robot.brain.save()
    await within(1000, () => b.robot.brain.data.users['U-bob'] != null)
    for (let i = 0; i < 5; i++) {
      const [x, y] = [`a-role-${i}`, `b-role-${i}`]
      await Promise.all([a.say('U-admin', `hubot bob has ${x} role`, { name: 'admin' }), b.say('U-admin', `hubot bob has ${y} role`, { name: 'admin' })])
      for (const bot of [a, b]) await within(1000, () => rolesOf(bot.robot, 'U-bob').includes(x) && rolesOf(bot.robot, 'U-bob').includes(y))
    }
    const [, c] = await robots(1, { prefix })
    expect(rolesOf(c.robot, 'U-bob').sort()).toEqual(['a-role-0', 'a-role-1', 'a-role-2', 'a-role-3', 'a-role-4', 'b-role-0', 'b-role-1', 'b-role-2', 'b-role-3', 'b-role-4'])
  })

  test('while Redis is unreachable, a failed save is logged once and the change is saved when it is back', async () => {
    const prefix = uniquePrefix('brain-down')
    prefixes.push(prefix)
    const client = redisClient(url!, 'brain')
    const bot = await startTestBot({ brain: new RedisBrain({ client, subscriber: redisClient(url!, 'brain-sub'), prefix, intervalMs: 20 }) })
    bots.push(bot)
    client.options.retryStrategy = () => 150 // down for 0.15 s
    client.options.maxRetriesPerRequest = 0 // commands fail at once instead of queueing
    client.disconnect(true)
    bot.robot.brain.set('motd', 'saved later')
    bot.robot.brain.save()
    const failed = (): Array<Record<string, unknown>> => bot.logs.lines.filter(l => String(l.msg).startsWith('Redis brain: save or merge failed'))
    await within(1000, () => failed().length > 0)
    await within(2000, () => bot.logs.lines.some(l => l.msg === 'brain saving works again'))
    expect(failed()).toHaveLength(1)
    const raw = redisClient(url!, 'inspect')
    extra.push(raw)
    expect(await raw.hget(`${prefix}brain:private`, 'motd')).toBe('"saved later"')
  })

  test('a save finding the user changed in Redis since it last looked merges instead of overwriting', async () => {
    const [prefix, a] = await robots(1, { intervalMs: 60_000 })
    a.robot.brain.userForId('U-bob', { name: 'bob', roles: ['ops'] })
    a.robot.brain.save()
    await brainOf.get(a)!.flush()
    // Another process wrote bob; its announcement never arrived (a lost message).
    const raw = redisClient(url!, 'other-process')
    extra.push(raw)
    await raw.hset(`${prefix}brain:users`, 'U-bob', JSON.stringify({ id: 'U-bob', name: 'bob', roles: ['ops', 'deployers'], email_address: 'bob@example.com' }))
    a.robot.brain.data.users['U-bob'].room = 'C-ops'
    a.robot.brain.data.users['U-bob'].roles = ['ops', 'oncall']
    await brainOf.get(a)!.flush()
    const stored = JSON.parse((await raw.hget(`${prefix}brain:users`, 'U-bob'))!) as Record<string, unknown>
    expect(stored).toMatchObject({ room: 'C-ops', email_address: 'bob@example.com' })
    expect((stored.roles as string[]).sort()).toEqual(['deployers', 'oncall', 'ops'])
    expect(rolesOf(a.robot, 'U-bob').sort()).toEqual(['deployers', 'oncall', 'ops'])
  })

  test('one user changed on both robots at once (a new room on A, a role granted on B): both changes survive', async () => {
    const [, a, b] = await robots(2, { intervalMs: 60_000 })
    a.robot.brain.userForId('U-bob', { name: 'bob' })
    a.robot.brain.save()
    await within(1000, () => b.robot.brain.data.users['U-bob'] != null)
    // The Slack adapter sets user.room on every message without saving: A's change waits
    // for the save timer while B grants a role to the same user and saves at once.
    const bobOnA = a.robot.brain.data.users['U-bob']
    bobOnA.room = 'C-ops'
    expect(await b.say('U-admin', 'hubot bob has deployers role', { name: 'admin' })).toEqual(["admin: OK, bob has the 'deployers' role."])
    await within(1000, () => rolesOf(a.robot, 'U-bob').includes('deployers'))
    // Merged into the same User object, so code holding it keeps writing to the brain.
    expect(a.robot.brain.data.users['U-bob']).toBe(bobOnA)
    expect(a.robot.brain.data.users['U-bob'].room).toBe('C-ops')
    await brainOf.get(a)!.flush()
    await within(1000, () => b.robot.brain.data.users['U-bob'].room === 'C-ops')
    expect(rolesOf(b.robot, 'U-bob')).toEqual(['deployers'])
    const [, c] = await robots(1, { prefix: prefixes.at(-1) })
    expect(rolesOf(c.robot, 'U-bob')).toEqual(['deployers'])
    expect(c.robot.brain.data.users['U-bob'].room).toBe('C-ops')
  })
})
