import { afterEach, describe, expect, test } from '@jest/globals'
import { startTestBot, type TestBot } from '../helpers/bot.ts'

let bot: TestBot | undefined
afterEach(async () => { await bot?.stop(); bot = undefined })

describe('help', () => {
  test('lists the commands of every script header with the bot name', async () => {
    bot = await startTestBot({ env: { HUBOT_NAME: 'opsbot' } })
    const [reply] = await bot.say('alice', 'opsbot help')
    expect(reply).toContain('opsbot help <words> - only the commands that mention all of those words')
    expect(reply).not.toMatch(/^hubot /m)
  })

  test('filters by words and says so when nothing matches', async () => {
    bot = await startTestBot()
    expect(await bot.say('alice', 'hubot help words')).toEqual(['hubot help <words> - only the commands that mention all of those words'])
    expect(await bot.say('alice', 'hubot help frobnicate')).toEqual(['No command mentions "frobnicate". Say "hubot help" for every command.'])
  })

  test('hubot CommandBus help does not shadow the script help', async () => {
    bot = await startTestBot()
    expect(bot.robot.commands.getCommand('help')).toBeUndefined()
    const replies = await bot.say('alice', 'hubot help')
    expect(replies).toHaveLength(1)
    expect(replies[0]).toContain('hubot help - every command')
  })

  test('an unknown command addressed to the bot gets a pointer to help; room chatter does not', async () => {
    bot = await startTestBot()
    expect(await bot.say('alice', 'hubot frobnicate the thing')).toEqual(['I don\'t know how to "frobnicate the thing". Say "hubot help" for what I can do.'])
    expect(await bot.say('alice', 'lunch anyone?')).toEqual([])
  })
})
