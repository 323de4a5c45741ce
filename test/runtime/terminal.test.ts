// The terminal adapter in-process: strict line order including background work, the
// optional name prefix, /as, and users appearing in the brain from their first line.
import { PassThrough } from 'node:stream'
import { describe, expect, test } from '@jest/globals'
import type { Robot } from 'hubot'
import { readConfig } from '../../src/config.ts'
import { createLogger } from '../../src/log.ts'
import { createBot } from '../../src/bot.ts'
import { botContext } from '../../src/context.ts'
import { terminalAdapter } from '../../src/adapters/terminal.ts'
import { MemoryBrain } from '../../src/brain/memory.ts'
import { MemoryStore } from '../../src/store/memory.ts'
import { LogCapture, ROOT } from '../helpers/bot.ts'
import path from 'node:path'

async function runTerminal (lines: string, register: (robot: Robot) => void, env: Record<string, string> = {}): Promise<{ out: string, robot: Robot }> {
  const input = new PassThrough()
  const output = new PassThrough()
  let out = ''
  output.on('data', (d: Buffer) => { out += d.toString() })
  let ended!: () => void
  const finished = new Promise<void>(resolve => { ended = resolve })
  const config = readConfig({ HUBOT_SHELL_USER_NAME: 'Sam', HUBOT_SHELL_USER_ID: 'U-sam', ...env })
  const bot = await createBot({
    config,
    log: createLogger({ destination: new LogCapture() }),
    adapter: terminalAdapter({ input, output, onEnd: () => ended() }),
    brain: new MemoryBrain(),
    store: new MemoryStore(),
    httpd: false,
    scriptsDir: path.join(ROOT, 'scripts'),
    scripts: ['help.ts'],
    externalScriptsFile: null
  })
  register(bot.robot)
  await bot.start()
  input.end(lines)
  await finished
  await bot.stop()
  return { out, robot: bot.robot }
}

describe('terminal adapter', () => {
  test('a line starts only after the previous line and its background work have finished', async () => {
    const { out } = await runTerminal('first\nsecond\n', (robot) => {
      robot.respond(/first$/, { id: 't.first' }, async (res) => {
        await res.send('first accepted')
        // Work that outlives the listener, as a deploy's final report does.
        void botContext(robot).work.track(new Promise<void>(resolve => setTimeout(resolve, 30)).then(async () => { await res.send('first report') }))
      })
      robot.respond(/second$/, { id: 't.second' }, async (res) => { await res.send('second') })
    })
    expect(out).toBe('first accepted\nfirst report\nsecond\n')
  })

  test('the name prefix is optional; /as switches the speaking user by id; users exist from their first line', async () => {
    const { out, robot } = await runTerminal('whoami\nhubot whoami\n@hubot: whoami\n/as alice\nwhoami\n', (robot) => {
      robot.respond(/whoami$/, { id: 't.whoami' }, async (res) => { await res.reply(`${res.message.user.id} in ${res.message.room}`) })
    })
    expect(out).toBe('Sam: U-sam in shell\nSam: U-sam in shell\nSam: U-sam in shell\n(you are now alice)\nalice: alice in shell\n')
    expect(robot.brain.data.users['U-sam'].name).toBe('Sam')
    expect(robot.brain.data.users.alice.name).toBe('alice')
  })

  test('an alias made of punctuation ("!") works the way hubot users type it: "!whoami"', async () => {
    const { out } = await runTerminal('!whoami\n! whoami\nwhoami\n', (robot) => {
      robot.respond(/whoami$/, { id: 't.whoami' }, async (res) => { await res.send(`${res.message.user.id}: ${res.message.text}`) })
    }, { HUBOT_ALIAS: '!' })
    expect(out).toBe('U-sam: !whoami\nU-sam: ! whoami\nU-sam: hubot whoami\n')
  })
})

describe('work tracker at shutdown', () => {
  test('work a running listener starts after shutdown began is still tracked and waited for', async () => {
    const { WorkTracker } = await import('../../src/work-tracker.ts')
    const work = new WorkTracker()
    work.stopAccepting()
    let finished = false
    await expect(work.track(Promise.resolve('report'))).resolves.toBe('report')
    void work.track(new Promise<void>(resolve => setTimeout(resolve, 20)).then(() => { finished = true }))
    expect(await work.idleWithin(1000)).toBe(true)
    expect(finished).toBe(true)
  })
})
