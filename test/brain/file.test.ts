// The embedded brain: atomic against kill -9, reloaded on restart (users, roles),
// never saved before it was loaded, and silent when nothing changed.
import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import { ROOT, startTestBot } from '../helpers/bot.ts'
import { FileBrain } from '../../src/brain/file.ts'

const TSX = pathToFileURL(path.join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href
const ADMIN = { HUBOT_AUTH_ADMIN: 'U-admin' }

let dir: string
let file: string
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'brain-'))
  file = path.join(dir, 'data', 'brain.json')
})
afterEach(async () => { await rm(dir, { recursive: true, force: true }) })

/** Resolves once `check` is true, polling; fails after `ms`. */
async function until (check: () => Promise<boolean> | boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`)
    await new Promise(resolve => setTimeout(resolve, 10))
  }
}

describe('file brain', () => {
  test('a restart reloads users and their roles', async () => {
    const first = await startTestBot({ brain: new FileBrain(file), scripts: ['roles.ts'], env: ADMIN })
    await first.say('U-bob', 'hubot what\'s my id', { name: 'bob' })
    expect(await first.say('U-admin', 'hubot bob has deployers role', { name: 'admin' })).toEqual(["admin: OK, bob has the 'deployers' role."])
    await first.stop()
    expect(JSON.parse(await readFile(file, 'utf8')).users['U-bob']).toMatchObject({ id: 'U-bob', name: 'bob', roles: ['deployers'] })

    const second = await startTestBot({ brain: new FileBrain(file), scripts: ['roles.ts'], env: ADMIN })
    expect(second.robot.brain.data.users['U-bob'].constructor.name).toBe('User')
    expect(await second.say('U-alice', 'hubot what roles does bob have', { name: 'alice' })).toEqual(['alice: bob has the following roles: deployers.'])
    expect(await second.say('U-alice', 'hubot who has deployers role', { name: 'alice' })).toEqual(["alice: The following people have the 'deployers' role: bob"])
    await second.stop()
  })

  test('a kill -9 in the middle of saving leaves a valid file with every acknowledged save', async () => {
    // Kills land at spread-out moments of the save cycle; a plain (non-atomic) write
    // leaves a truncated file in some of them, which the next start would refuse.
    const kills = 8
    for (let i = 0; i < kills; i++) {
      const child = spawn(process.execPath, ['--import', TSX, path.join(ROOT, 'test', 'brain', 'fixtures', 'save-loop.ts'), file], { cwd: ROOT })
      const acks: number[] = []
      let stderr = ''
      child.stderr.on('data', (d: Buffer) => { stderr += d.toString() })
      child.stdout.on('data', (d: Buffer) => {
        for (const m of d.toString().matchAll(/saved (\d+)/g)) { acks.push(Date.now()); acknowledged = Number(m[1]) }
      })
      let acknowledged = 0
      const exited = new Promise<NodeJS.Signals | null>(resolve => child.once('exit', (_code, signal) => resolve(signal)))
      await until(() => acks.length >= 3 || child.exitCode != null, 15_000)
      expect(stderr).toBe('') // a start over a half-written file would fail here
      const cycleMs = (acks[2] - acks[0]) / 2
      await new Promise(resolve => setTimeout(resolve, (cycleMs * i) / kills))
      child.kill('SIGKILL')
      expect(await exited).toBe('SIGKILL')

      const saved = JSON.parse(await readFile(file, 'utf8')) as { _private: { counter: number, filler: string } }
      expect(saved._private.counter).toBeGreaterThanOrEqual(acknowledged)
      expect(saved._private.filler.startsWith(`${saved._private.counter}:`)).toBe(true)
      // Each start removes the temp files earlier kills left: at most this kill's remains.
      expect((await readdir(path.dirname(file))).filter(n => n.endsWith('.tmp')).length).toBeLessThanOrEqual(1)
    }
  }, 60_000)

  test('a brain file that is not JSON stops the start and is left untouched', async () => {
    await writeFile(path.join(dir, 'broken.json'), '{"users": {"U1": ')
    await expect(startTestBot({ brain: new FileBrain(path.join(dir, 'broken.json')) })).rejects.toThrow(/broken\.json is not valid JSON/)
    expect(await readFile(path.join(dir, 'broken.json'), 'utf8')).toBe('{"users": {"U1": ')
  })

  test('changes are saved on a timer without brain.save(); an idle brain writes nothing', async () => {
    const bot = await startTestBot({ brain: new FileBrain(file, { intervalMs: 20 }) })
    await new Promise(resolve => setTimeout(resolve, 100))
    await expect(stat(file)).rejects.toThrow(/ENOENT/) // loaded, nothing changed: nothing written
    bot.robot.brain.data._private.remembered = 'alice@example.com' // no save() call
    await until(async () => (await readFile(file, 'utf8').catch(() => '')).includes('alice@example.com'))
    const written = await stat(file)
    await new Promise(resolve => setTimeout(resolve, 150)) // several timer ticks
    const later = await stat(file)
    expect([later.ino, later.mtimeMs]).toEqual([written.ino, written.mtimeMs]) // every save is a new inode (rename)
    await bot.stop()
  })

  test('an idle brain looks for changes only every five intervals; a reported change is saved within one', async () => {
    const brain = new FileBrain(file, { intervalMs: 40 })
    const bot = await startTestBot({ brain })
    const take = brain.changes.take.bind(brain.changes)
    let looks = 0
    brain.changes.take = () => { looks++; return take() }
    await new Promise(resolve => setTimeout(resolve, 450))
    // Every 200 ms (the poll), not every 40: each wake-up is most of an idle brain's cost.
    expect(looks).toBeLessThanOrEqual(3)
    // Reported (userForId): saved after one interval, not at the next poll.
    const started = Date.now()
    bot.robot.brain.userForId('U-NEW', { name: 'newcomer' })
    await until(async () => (await readFile(file, 'utf8').catch(() => '')).includes('newcomer'))
    expect(Date.now() - started).toBeLessThan(180)
    await bot.stop()
  })

  test('a failed save is logged once, reported by ping, and retried until it works', async () => {
    const brain = new FileBrain(file, { intervalMs: 20 })
    const bot = await startTestBot({ brain })
    await mkdir(file, { recursive: true }) // a directory where the file goes: rename() fails
    bot.robot.brain.set('k', 1)
    await until(async () => !(await brain.ping().then(() => true, () => false)))
    await new Promise(resolve => setTimeout(resolve, 100)) // several more failing ticks
    expect(bot.logs.lines.filter(l => l.msg === 'brain save failed; retrying every second')).toHaveLength(1)
    await rm(file, { recursive: true })
    await until(async () => (await readFile(file, 'utf8').catch(() => '')).includes('"k":1'))
    // The file is in place once renamed; the write (and its error record) ends after the
    // directory fsync, which can lag on a busy machine.
    await until(async () => await brain.ping().then(() => true, () => false))
    await bot.stop()
  })
})
