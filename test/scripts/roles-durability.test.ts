// A role change the bot confirms in chat is durable first, and its audit entry is written
// before it. A full disk (injected: tests run as root, so permissions would not stop the
// write) or a failing store gets a reply that says what happened, and memory, disk and
// the audit trail agree afterwards.
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import { startTestBot, type TestBot } from '../helpers/bot.ts'
import { recentAudit, rolesOf, type AuditEvent } from '../../src/access/index.ts'
import { FileBrain } from '../../src/brain/index.ts'
import { MemoryStore, writeFileAtomic } from '../../src/store/index.ts'

const ADMIN = { HUBOT_AUTH_ADMIN: 'U-admin' }
const NOT_SAVED = (name: string, role: string): string =>
  `admin: Not saved: the bot's storage is failing, so ${name} still doesn't have the '${role}' role; nothing changed. Try again, and tell the bot's admins if it persists.`
const NOT_AUDITED = "admin: Not done: the audit trail could not be written (storage failed); nothing changed. Try again, and tell the bot's admins if it persists."

/** A disk that can fill up: the brain's atomic writer, failing with ENOSPC while `full`. */
class Disk {
  full = false
  writes = 0
  readonly write = async (file: string, text: string): Promise<void> => {
    this.writes++
    if (this.full) throw Object.assign(new Error(`ENOSPC: no space left on device, write '${file}'`), { code: 'ENOSPC', errno: -28, syscall: 'write' })
    await writeFileAtomic(file, text)
  }
}

/** An audit list whose appends fail for events matching `failing` (the store is full). */
class AuditStore extends MemoryStore {
  failing: RegExp | null = null
  override async append (key: string, value: unknown, cap: number): Promise<void> {
    if (this.failing?.test(String((value as AuditEvent).event)) === true) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' })
    await super.append(key, value, cap)
  }
}

let dir: string
let file: string
const bots: TestBot[] = []
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'roles-durable-'))
  file = path.join(dir, 'brain.json')
})
afterEach(async () => {
  for (const bot of bots.splice(0)) await bot.stop().catch(() => undefined)
  await rm(dir, { recursive: true, force: true })
})

async function start (options: { disk?: Disk, store?: AuditStore } = {}): Promise<{ bot: TestBot, brain: FileBrain }> {
  const brain = new FileBrain(file, { write: (options.disk ?? new Disk()).write, intervalMs: 60_000 })
  const bot = await startTestBot({ brain, store: options.store, scripts: ['roles.ts'], env: ADMIN })
  bots.push(bot)
  bot.robot.brain.userForId('U-admin', { name: 'admin' })
  for (let i = 0; i < 20; i++) bot.robot.brain.userForId(`U-${i}`, { name: `user${i}` })
  await brain.flush()
  return { bot, brain }
}

async function onDisk (): Promise<Record<string, { roles?: string[] }>> {
  return (JSON.parse(await readFile(file, 'utf8')) as { users: Record<string, { roles?: string[] }> }).users
}

describe('role changes on a full disk', () => {
  test('no grant is answered OK; none is left in memory or in brain.json; once the disk has room a grant is saved before OK', async () => {
    const disk = new Disk()
    const { bot } = await start({ disk })
    disk.full = true
    const replies: string[] = []
    for (let i = 0; i < 20; i++) replies.push(...await bot.say('U-admin', `hubot user${i} has deployers role`, { name: 'admin' }))
    expect(replies).toEqual(Array.from({ length: 20 }, (_, i) => NOT_SAVED(`user${i}`, 'deployers')))
    for (let i = 0; i < 20; i++) expect(rolesOf(bot.robot, `U-${i}`)).toEqual([])
    expect(Object.values(await onDisk()).filter(u => (u.roles ?? []).length > 0)).toEqual([])

    disk.full = false
    expect(await bot.say('U-admin', 'hubot user3 has deployers role', { name: 'admin' })).toEqual(["admin: OK, user3 has the 'deployers' role."])
    // on disk by the time OK was said, not a timer tick later
    expect((await onDisk())['U-3'].roles).toEqual(['deployers'])
  })

  test('a revoke that cannot be saved is undone: the user keeps the role in memory and on disk', async () => {
    const disk = new Disk()
    const { bot } = await start({ disk })
    expect(await bot.say('U-admin', 'hubot user1 has ops role', { name: 'admin' })).toEqual(["admin: OK, user1 has the 'ops' role."])
    disk.full = true
    expect(await bot.say('U-admin', "hubot user1 doesn't have ops role", { name: 'admin' })).toEqual(
      ["admin: Not saved: the bot's storage is failing, so user1 still has the 'ops' role; nothing changed. Try again, and tell the bot's admins if it persists."])
    expect(rolesOf(bot.robot, 'U-1')).toEqual(['ops'])
    expect((await onDisk())['U-1'].roles).toEqual(['ops'])
  })

  test('a grant whose brain save fails after its audit entry was written is followed by a failure entry', async () => {
    const disk = new Disk()
    const store = new AuditStore()
    const { bot } = await start({ disk, store })
    disk.full = true
    expect(await bot.say('U-admin', 'hubot user2 has deployers role', { name: 'admin' })).toEqual([NOT_SAVED('user2', 'deployers')])
    const roleEvents = (await recentAudit(bot.context, 10)).filter(e => e.event.startsWith('role.'))
    expect(roleEvents.map(e => [e.event, e.target_id, e.role])).toEqual([['role.granted', 'U-2', 'deployers'], ['role.grant_failed', 'U-2', 'deployers']])
    expect(roleEvents[1]).toMatchObject({ actor_id: 'U-admin', undoes: 'role.granted', reason: expect.stringContaining('ENOSPC') })
  })

  test('stop() says the brain could not be saved (the entry point exits non-zero on it)', async () => {
    const disk = new Disk()
    const { bot } = await start({ disk })
    disk.full = true
    bot.robot.brain.userForId('U-new', { name: 'new' }) // a change nobody confirmed, still unsaved at shutdown
    await expect(bot.stop()).rejects.toThrow(/brain could not be saved/)
    expect(bot.logs.lines.some(l => l.level === 50 && String(l.msg).includes('brain flush failed'))).toBe(true)
  })
})

describe('role changes when the audit trail cannot be written', () => {
  test('a grant whose audit entry fails is not made: no role in memory or on disk, and the reply says so', async () => {
    const store = new AuditStore()
    const { bot } = await start({ store })
    store.failing = /^role\./
    expect(await bot.say('U-admin', 'hubot user4 has deployers role', { name: 'admin' })).toEqual([NOT_AUDITED])
    expect(rolesOf(bot.robot, 'U-4')).toEqual([])
    expect((await onDisk())['U-4'].roles).toBeUndefined()
    // The log keeps the attempt, followed by the line saying it was not stored.
    expect(bot.logs.lines.filter(l => l.event === 'role.granted').map(l => [l.level, l.audit_not_stored ?? false])).toEqual([[30, false], [50, true]])
  })

  test('a revoke whose audit entry fails is not made', async () => {
    const store = new AuditStore()
    const { bot } = await start({ store })
    expect(await bot.say('U-admin', 'hubot user5 has ops role', { name: 'admin' })).toEqual(["admin: OK, user5 has the 'ops' role."])
    store.failing = /^role\./
    expect(await bot.say('U-admin', "hubot user5 doesn't have ops role", { name: 'admin' })).toEqual([NOT_AUDITED])
    expect(rolesOf(bot.robot, 'U-5')).toEqual(['ops'])
    expect((await onDisk())['U-5'].roles).toEqual(['ops'])
  })
})
