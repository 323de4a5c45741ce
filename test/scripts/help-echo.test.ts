// Help echoes what was typed, cut short: "help <1 MB word>" used to answer with the
// whole megabyte (the line limit now refuses such a line; a line under it still must
// not be echoed whole).
import { afterEach, expect, test } from '@jest/globals'
import { ECHO_LIMIT } from '../../src/chat/quote.ts'
import { startTestBot, type TestBot } from '../helpers/bot.ts'

let bot: TestBot | undefined
afterEach(async () => { await bot?.stop(); bot = undefined })

test('"help <long word>" echoes the word cut to the echo limit', async () => {
  bot = await startTestBot()
  const word = 'q'.repeat(3_000)
  const [reply] = await bot.say('alice', `hubot help ${word}`)
  expect(reply).toBe(`No command mentions "${'q'.repeat(ECHO_LIMIT)}…". Say "hubot help" for every command.`)
})

test('an unknown command is echoed cut, on one line, without control characters', async () => {
  bot = await startTestBot()
  const [reply] = await bot.say('alice', `hubot frobnicate \u001b[31m${'z'.repeat(3_000)}`)
  expect(reply).toBe(`I don't know how to "frobnicate ${'z'.repeat(ECHO_LIMIT - 11)}…". Say "hubot help" for what I can do.`)
})
