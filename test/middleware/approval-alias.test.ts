// A held command is shown without the way it was addressed to the bot, whatever the bot
// answers to: its name, a word alias, or a symbol alias such as "!" that is written
// directly against the command. Teammates approve what they read here.
import { afterEach, expect, test } from '@jest/globals'
import type { TestBot } from '../helpers/bot.ts'
import { ManualClock, approvalBot, as, idIn } from './approval-harness.ts'

const bots: TestBot[] = []
afterEach(async () => { for (const b of bots.splice(0)) await b.stop() })

async function start (alias: string): Promise<TestBot> {
  const bot = await approvalBot({ env: { HUBOT_ALIAS: alias }, clock: new ManualClock() })
  bots.push(bot)
  return bot
}

const shown = (lines: string[]): string | undefined => /wants to run "([^"]*)"/.exec(lines.join('\n'))?.[1]

test.each([
  ['!', '!deploy app to production'],
  ['!', '  ! deploy app to production'],
  ['!', 'hubot deploy app to production'],
  ['!', '@hubot: deploy app to production']
])('with alias %j, %j is shown as "deploy app to production"', async (alias, typed) => {
  const bot = await start(alias)
  const lines = await as(bot, 'U-alice', typed)
  expect(shown(lines)).toBe('deploy app to production')
  // The literal approve command still names the bot, not the alias.
  expect(lines[0]).toContain(`Say "hubot approve ${idIn(lines)}"`)
})

test.each([
  ['ops', 'ops deploy app to production'],
  ['ops', 'OPS, deploy app to production'],
  ['ops', 'hubot deploy app to production']
])('with word alias %j, %j is shown as "deploy app to production"', async (alias, typed) => {
  const bot = await start(alias)
  expect(shown(await as(bot, 'U-alice', typed))).toBe('deploy app to production')
})

test('a word alias that starts the command is not cut from it ("hu" is not taken out of "hubot")', async () => {
  const bot = await start('hu')
  expect(shown(await as(bot, 'U-alice', 'hubot deploy app to production'))).toBe('deploy app to production')
  expect(shown(await as(bot, 'U-alice', 'hu deploy hu-app to production'))).toBe('deploy hu-app to production')
})
