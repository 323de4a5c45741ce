// Brain and store failures in /hubot/metrics (chatops_persistence_errors_total by backend
// and operation): a full disk, injected into the brain's writer and the file store's
// lists append (tests run as root, so permissions would not stop a write).
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import { startTestBot, type TestBot } from '../helpers/bot.ts'
import { FileBrain } from '../../src/brain/index.ts'
import { Redis } from 'ioredis'
import { FileStore, RedisStore, writeFileAtomic } from '../../src/store/index.ts'
import { appendDurably } from '../../src/store/atomic-file.ts'
import { parseExposition, valueOf } from './exposition.ts'

const TOKEN = 'metrics-token-0123456789abcdef'
const enospc = (file: string): Error => Object.assign(new Error(`ENOSPC: no space left on device, write '${file}'`), { code: 'ENOSPC', errno: -28, syscall: 'write' })

/** A disk that can fill up, for the brain's atomic writes and the store's appends. */
class Disk {
  full = false
  readonly write = async (file: string, text: string): Promise<void> => {
    if (this.full) throw enospc(file)
    await writeFileAtomic(file, text)
  }

  readonly append = async (file: string, text: string): Promise<void> => {
    if (this.full) throw enospc(file)
    await appendDurably(file, text)
  }
}

let dir: string
const bots: TestBot[] = []
beforeEach(async () => { dir = await mkdtemp(path.join(tmpdir(), 'persistence-metrics-')) })
afterEach(async () => {
  for (const bot of bots.splice(0)) await bot.stop().catch(() => undefined)
  await rm(dir, { recursive: true, force: true })
})

async function errors (bot: TestBot, backend: string, operation: string): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${bot.http!.port}/hubot/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })
  expect(res.status).toBe(200)
  return valueOf(parseExposition(await res.text()), 'chatops_persistence_errors_total', { backend, operation })
}

describe('persistence errors', () => {
  test('brain saves and store operations that fail on a full disk are counted by backend and operation', async () => {
    const disk = new Disk()
    const brain = new FileBrain(path.join(dir, 'brain.json'), { write: disk.write, intervalMs: 60_000 })
    const store = await FileStore.open(path.join(dir, 'store.json'), { write: disk.write, appendLine: disk.append })
    const bot = await startTestBot({ brain, store, scripts: ['roles.ts'], env: { HUBOT_AUTH_ADMIN: 'U-admin', HUBOT_METRICS_TOKEN: TOKEN }, httpd: true })
    bots.push(bot)
    bot.robot.brain.userForId('U-1', { name: 'user1' })
    await brain.flush()
    expect([await errors(bot, 'file', 'save'), await errors(bot, 'file', 'store-op')]).toEqual([0, 0])

    disk.full = true
    // The command's audit entry is appended to the store before it runs: that fails.
    expect(await bot.say('U-admin', 'hubot user1 has deployers role', { name: 'admin' })).toEqual([expect.stringMatching(/^admin: the audit trail could not be written: storage is failing/)])
    expect(await errors(bot, 'file', 'store-op')).toBe(1)
    // The brain's own timer save (each failure counted; logged once per kind).
    bot.robot.brain.data._private.note = 'changed'
    bot.robot.brain.save()
    await expect(brain.flush()).rejects.toThrow('ENOSPC')
    expect(await errors(bot, 'file', 'save')).toBe(1)
    expect(bot.logs.lines.filter(l => l.msg === 'brain save failed; retrying every second')).toHaveLength(1)

    disk.full = false
    await brain.flush()
    const saves = await errors(bot, 'file', 'save')
    expect(await bot.say('U-admin', 'hubot user1 has deployers role', { name: 'admin' })).toEqual(["admin: OK, user1 has the 'deployers' role."])
    expect([await errors(bot, 'file', 'save'), await errors(bot, 'file', 'store-op')]).toEqual([saves, 1])
  })

  test('a claim answered before its save counts the save that then fails', async () => {
    const disk = new Disk()
    const store = await FileStore.open(path.join(dir, 'store.json'), { write: disk.write, appendLine: disk.append })
    const bot = await startTestBot({ store, env: { HUBOT_METRICS_TOKEN: TOKEN }, httpd: true })
    bots.push(bot)
    disk.full = true
    const claim = await bot.context.store.claim('webhook:test:1', { at: 1 })
    expect(claim.won).toBe(true)
    await expect(claim.durable).rejects.toThrow(/ENOSPC/)
    expect(await errors(bot, 'file', 'store-op')).toBe(1)
  })

  test('a Redis store that cannot be reached counts its failed operations under redis', async () => {
    // Nothing listens on port 1; with the offline queue off each command is refused at once.
    const client = new Redis('redis://127.0.0.1:1', { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null })
    client.on('error', () => undefined)
    const bot = await startTestBot({ store: new RedisStore(client, 'persistence-metrics:'), scripts: ['roles.ts'], env: { HUBOT_AUTH_ADMIN: 'U-admin', HUBOT_METRICS_TOKEN: TOKEN }, httpd: true })
    bots.push(bot)
    bot.robot.brain.userForId('U-1', { name: 'user1' })
    expect(await bot.say('U-admin', 'hubot user1 has deployers role', { name: 'admin' })).toEqual([expect.stringMatching(/^admin: the audit trail could not be written/)])
    expect(await errors(bot, 'redis', 'store-op')).toBe(1)
    expect(await errors(bot, 'file', 'store-op')).toBe(0)
  })
})
