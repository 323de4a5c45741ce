// Each failed command is logged once: an expected one (a typo, a vendor outage) at info or
// warn with the listener id, an unexpected one at error with the reference chat shows.
// hubot's own "Error executing listener callback" line (level 50, the stack in msg) would
// page whoever alerts on level 50 for every typo, so it must never appear.
import path from 'node:path'
import { afterEach, describe, expect, test } from '@jest/globals'
import { ManualClock, ROOT, startTestBot, type TestBot } from '../helpers/bot.ts'
import { approvalBot, as, idIn } from '../middleware/approval-harness.ts'

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'scripts')

let bot: TestBot | undefined
afterEach(async () => { await bot?.stop(); bot = undefined })

async function crashBot (): Promise<TestBot> {
  const started = await startTestBot({ scripts: ['help.ts', 'roles.ts'] })
  await started.robot.loadFile(FIXTURES, 'crash-fixture.ts')
  return started
}

/** Every log line that mentions `text` anywhere (message, error, stack). */
const linesAbout = (b: TestBot, text: string): Array<Record<string, unknown>> => b.logs.lines.filter(l => JSON.stringify(l).includes(text))
const hubotLines = (b: TestBot): Array<Record<string, unknown>> => b.logs.lines.filter(l => /Error executing/.test(String(l.msg)))

describe('a failed command is logged once, at the level its cause deserves', () => {
  test('a typo-like BotError: one info line with the listener id and code, nothing at error', async () => {
    bot = await crashBot()
    const [reply] = await bot.say('alice', 'hubot what roles does nobody-here have')
    expect(reply).toBe('alice: I don\'t know anyone called "nobody-here". Check the spelling, or mention them (@name).')
    const lines = linesAbout(bot, "I don't know anyone called")
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatchObject({ level: 30, listener_id: 'roles.show', code: 'not_found', msg: 'command failed' })
    expect(bot.logs.lines.filter(l => Number(l.level) >= 50)).toEqual([])
    expect(hubotLines(bot)).toEqual([])
  })

  test('a ServiceError: one warn line with the listener id, the service and its code', async () => {
    bot = await crashBot()
    const [reply] = await bot.say('alice', 'hubot vendor down')
    expect(reply).toBe('alice: Vendor: it answered HTTP 503 (fixture outage) (try again shortly; if it keeps happening, check the service status page)')
    const lines = linesAbout(bot, 'fixture outage')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatchObject({ level: 40, listener_id: 'test.vendor-down', code: 'server', service: 'Vendor', msg: 'command failed' })
    expect(bot.logs.lines.filter(l => Number(l.level) >= 50)).toEqual([])
    expect(hubotLines(bot)).toEqual([])
  })

  test('a crash (plain Error): one error line with the listener id, the stack and the reference chat shows', async () => {
    bot = await crashBot()
    const [reply] = await bot.say('alice', 'hubot crash')
    const reference = /something went wrong \(reference ([0-9a-f]{8})\)/.exec(reply)?.[1]
    expect(reference).toBeDefined()
    const lines = linesAbout(bot, 'the disk is on fire')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatchObject({ level: 50, listener_id: 'test.crash', reference, msg: 'unexpected error' })
    expect(JSON.stringify(lines[0])).toContain('crash-fixture.ts') // the stack, in its field
    expect(hubotLines(bot)).toEqual([])
  })

  test('an approved command that crashes when it finally runs: one error line with its listener id', async () => {
    bot = await approvalBot({ clock: new ManualClock() })
    const id = idIn(await as(bot, 'U-alice', 'hubot explode'))
    const replies = await as(bot, 'U-bob', `hubot approve ${id}`)
    const reference = /something went wrong \(reference ([0-9a-f]{8})\)/.exec(replies.join('\n'))?.[1]
    expect(reference).toBeDefined()
    const lines = linesAbout(bot, 'boom in the listener').filter(l => l.audit !== true)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatchObject({ level: 50, listener_id: 'deploy.explode', reference })
    expect(hubotLines(bot)).toEqual([])
  })
})
