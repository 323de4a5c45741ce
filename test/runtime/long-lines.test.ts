// A long chat line must not stall the bot: before, "what roles does <100,000 x's> have"
// blocked the event loop for ~10 s (a quadratic redaction pattern run on every logged
// string), and a 1 MB role name kept a CPU busy for minutes. Now a line over the limit is
// refused before any listener sees it, and a line just under it is answered quickly.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { MAX_LINE_CHARS } from '../../src/runtime/receive-limit.ts'
import { startPagerDutyBot, type PagerDutyBot } from '../scripts/pagerduty-harness.ts'

const MB = 1_000_000
const x = (n: number): string => 'x'.repeat(n)

// Each shape, sized so the whole line is `length` characters.
function shapes (length: number): Array<[string, string]> {
  const fit = (template: (filler: string) => string, parts = 1): string => {
    const room = length - template('').length
    return template(x(Math.floor(room / parts)))
  }
  return [
    ['what roles does <long> have', fit(f => `hubot what roles does ${f} have`)],
    ['<long> has <long> role', fit(f => `hubot ${f} has ${f} role`, 2)],
    ['help <long>', fit(f => `hubot help ${f}`)],
    ['pager incident <long>', fit(f => `hubot pager incident ${f}`)],
    ['<long> (matches nothing)', fit(f => `hubot ${f}`)]
  ]
}

let pd: PagerDutyBot
beforeAll(async () => {
  pd = await startPagerDutyBot({ HUBOT_AUTH_ADMIN: 'U-admin' }, ['help.ts', 'roles.ts', 'pagerduty.ts'])
  pd.bot.robot.brain.userForId('U-admin', { name: 'admin' })
})
afterAll(async () => { await pd.stop() })

async function timed (text: string): Promise<{ replies: string[], ms: number }> {
  const started = performance.now()
  const replies = await pd.bot.say('U-admin', text, { name: 'admin' })
  return { replies, ms: performance.now() - started }
}

describe('a 1 MB line', () => {
  test.each(shapes(MB))('%s is refused as too long within a second, and the next line is answered', async (_shape, line) => {
    expect(line.length).toBeGreaterThanOrEqual(MB - 2)
    const { replies, ms } = await timed(line)
    expect(replies).toEqual([`admin: that message is too long for me (${line.length.toLocaleString('en-US')} characters; I read at most ${MAX_LINE_CHARS.toLocaleString('en-US')}). Send a shorter one.`])
    expect(ms).toBeLessThan(1000)
    const next = await timed('hubot what is my id')
    expect(next.replies).toHaveLength(1)
    expect(next.replies[0]).toContain('U-admin')
    expect(next.ms).toBeLessThan(1000)
    // Logged by its length, never its text.
    expect(pd.bot.logs.raw.length).toBeLessThan(MB)
  })

  test('a long line not addressed to the bot (a paste in a channel) is dropped without a reply', async () => {
    const { replies, ms } = await timed(`look at this log: ${x(MB)}`)
    expect(replies).toEqual([])
    expect(ms).toBeLessThan(1000)
    expect(pd.bot.logs.lines.some(l => l.msg === 'refused a chat line over the length limit' && l.length === MB + 18 && l.addressed === false)).toBe(true)
  })
})

describe('a line just under the limit', () => {
  test.each(shapes(MAX_LINE_CHARS))('%s runs through the listeners and is answered within a second', async (_shape, line) => {
    expect(line.length).toBeLessThanOrEqual(MAX_LINE_CHARS)
    expect(line.length).toBeGreaterThan(MAX_LINE_CHARS - 3)
    const { replies, ms } = await timed(line)
    expect(replies).toHaveLength(1)
    expect(replies[0]).not.toContain('too long for me')
    expect(ms).toBeLessThan(1000)
  })
})
