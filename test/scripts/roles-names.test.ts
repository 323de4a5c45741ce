// Names as the roles script shows them: typed input is echoed cut short (a 3,000-character
// name or role is not repeated whole).
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import { startTestBot, type TestBot } from '../helpers/bot.ts'

let bot: TestBot
beforeEach(async () => {
  bot = await startTestBot({ scripts: ['roles.ts'], env: { HUBOT_AUTH_ADMIN: 'U-admin' } })
  bot.robot.brain.userForId('U-admin', { name: 'admin-user' })
})
afterEach(async () => { await bot.stop() })

const long = (n: number): string => 'x'.repeat(n)
const cut = `"${long(60)}…"`

describe('echoed input is cut short', () => {
  test('who has <3,000 characters> role echoes the role cut to 60 characters', async () => {
    const [reply] = await bot.say('U-alice', `hubot who has ${long(3000)} role`, { name: 'alice' })
    expect(reply).toBe(`alice: There are no people that have the '${long(60)}…' role.`)
  })

  test('an unknown 3,000-character name is quoted cut short, in show and in a grant', async () => {
    expect(await bot.say('U-alice', `hubot what roles does ${long(3000)} have`, { name: 'alice' }))
      .toEqual([`alice: I don't know anyone called ${cut}. Check the spelling, or mention them (@name).`])
    expect(await bot.say('U-admin', `hubot ${long(3000)} has ops role`, { name: 'admin-user' }))
      .toEqual([`admin-user: I don't know anyone called ${cut}. Check the spelling, or mention them (@name).`])
    expect(await bot.say('U-alice', `hubot what roles does <@${long(3000)}> have`, { name: 'alice' }))
      .toEqual([`alice: I don't know the user <@${long(58)}… yet; ask them to say something, or try again after the user list syncs.`])
  })

  test('a 3,000-character user name is listed cut short, and an ambiguous one is quoted cut short', async () => {
    bot.robot.brain.userForId('U-long', { name: long(3000), roles: ['ops'] })
    bot.robot.brain.userForId('U-long2', { name: long(3000) })
    expect(await bot.say('U-alice', 'hubot who has ops role', { name: 'alice' })).toEqual([`alice: The following people have the 'ops' role: ${long(60)}…`])
    expect(await bot.say('U-admin', `hubot ${long(3000)} has ops role`, { name: 'admin-user' }))
      .toEqual([`admin-user: ${cut} could be several people: ${long(60)}… (U-long), ${long(60)}… (U-long2). Mention the one you mean (@name).`])
  })
})
