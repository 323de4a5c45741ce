// The terminal adapter in-process: strict line order including background work, the
// optional name prefix, /as, and users appearing in the brain from their first line.
import { PassThrough } from 'node:stream'
import { describe, expect, test } from '@jest/globals'
import type { Robot } from 'hubot'
import { readConfig } from '../../src/core/config.ts'
import { createLogger } from '../../src/core/log.ts'
import { createBot } from '../../src/runtime/bot.ts'
import { botContext } from '../../src/core/context.ts'
import { terminalAdapter } from '../../src/adapters/terminal.ts'
import { MemoryBrain } from '../../src/brain/index.ts'
import { MemoryStore } from '../../src/store/index.ts'
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

describe('terminal adapter: identities that are not plain names', () => {
  const objectMembers = (): string[] => Object.getOwnPropertyNames(Object.prototype).sort()

  test('/as __proto__, /as constructor, /as hasOwnProperty are refused; later lines are still answered and Object.prototype is untouched', async () => {
    const before = objectMembers()
    const { out, robot } = await runTerminal('/as __proto__\nhelp words\n/as constructor\nhelp words\n/as hasOwnProperty\nhelp words\n/as prototype\n/as alice\nhelp words\n', () => {})
    const lines = out.trimEnd().split('\n')
    const help = 'hubot help <words> - only the commands that mention all of those words'
    expect(lines).toEqual([
      '(can\'t be "__proto__": every JavaScript object already has that name; pick another)',
      help,
      '(can\'t be "constructor": every JavaScript object already has that name; pick another)',
      help,
      '(can\'t be "hasOwnProperty": every JavaScript object already has that name; pick another)',
      help,
      '(can\'t be "prototype": every JavaScript object already has that name; pick another)',
      '(you are now alice)',
      help
    ])
    expect(objectMembers()).toEqual(before)
    const probe = {} as Record<string, unknown>
    expect([probe.name, probe.room, probe.id]).toEqual([undefined, undefined, undefined])
    expect(Object.keys(robot.brain.data.users).sort()).toEqual(['U-sam', 'alice'])
  })

  test('HUBOT_SHELL_USER_ID=constructor: each line says why it cannot run, instead of no answer at all', async () => {
    const { out } = await runTerminal('help words\n/as sam\nhelp words\n', () => {}, { HUBOT_SHELL_USER_ID: 'constructor' })
    expect(out).toBe('(can\'t be "constructor": every JavaScript object already has that name; pick another)\n(you are now sam)\nhubot help <words> - only the commands that mention all of those words\n')
  })

  test('the brain refuses Object member names as user ids, and finds no user by such a name', async () => {
    const { robot } = await runTerminal('', () => {})
    for (const id of ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf']) {
      expect(() => robot.brain.userForId(id)).toThrow(/every JavaScript object already has that name/)
      expect(robot.brain.userForName(id)).toBeNull()
    }
    expect(Object.keys(robot.brain.data.users)).toEqual([])
    // A user whose id merely contains such a word is an ordinary user.
    expect(robot.brain.userForId('constructor-bob', { name: 'bob' }).id).toBe('constructor-bob')
    expect(robot.brain.userForName('BOB')?.id).toBe('constructor-bob')
  })

  test('ANSI escapes and control characters never reach the terminal: names from the brain, replies, the shell user', async () => {
    const { out } = await runTerminal('whoami\nevil\n/as \u001b[31mred\n/as \u0007bell\n', (robot) => {
      robot.brain.userForId('U-evil', { name: '\u001b[2J evil' })
      robot.respond(/whoami$/, { id: 't.whoami' }, async (res) => { await res.reply(`you are ${String(res.message.user.name)}`) })
      robot.respond(/evil$/, { id: 't.evil' }, async (res) => {
        await res.send(`${String(robot.brain.data.users['U-evil'].name)} says \u001b]0;pwned\u0007hi\u001b[0m\r\u0000 and \u009b2J bye\tok`)
      })
    }, { HUBOT_SHELL_USER_NAME: 'Sam\u001b[1m' })
    // No C0 or C1 control character but newline and tab.
    const controls = [...out].filter(c => { const n = c.charCodeAt(0); return (n < 0x20 && c !== '\n' && c !== '\t') || (n >= 0x7f && n <= 0x9f) })
    expect(controls).toEqual([])
    expect(out.split('\n')).toEqual([
      'Sam: you are Sam',
      ' evil says hi and  bye\tok',
      '(a user id can\'t contain control characters; you are still Sam)',
      '(a user id can\'t contain control characters; you are still Sam)',
      ''
    ])
  })
})

describe('work tracker at shutdown', () => {
  test('work a running listener starts after shutdown began is still tracked and waited for', async () => {
    const { WorkTracker } = await import('../../src/core/work-tracker.ts')
    const work = new WorkTracker()
    work.stopAccepting()
    let finished = false
    await expect(work.track(Promise.resolve('report'))).resolves.toBe('report')
    void work.track(new Promise<void>(resolve => setTimeout(resolve, 20)).then(() => { finished = true }))
    expect(await work.idleWithin(1000)).toBe(true)
    expect(finished).toBe(true)
  })
})
