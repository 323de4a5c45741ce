// Names as the roles script shows them: typed input is echoed cut short (a 3,000-character
// name or role is not repeated whole), and two people whose names look alike (a Cyrillic
// "а" for a Latin "a", fullwidth letters, a different case) are told apart by their ids.
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import { startTestBot, type TestBot } from '../helpers/bot.ts'

let bot: TestBot
beforeEach(async () => {
  bot = await startTestBot({ scripts: ['roles.ts'], env: { HUBOT_AUTH_ADMIN: 'U-admin' } })
  bot.robot.brain.userForId('U-admin', { name: 'admin-user' })
})
afterEach(async () => { await bot.stop() })

const CYRILLIC_ALICE = '\u0430lice' // а (U+0430) + "lice"
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
    expect(await bot.say('U-alice', 'hubot who has ops role', { name: 'alice' })).toEqual([`alice: The following people have the 'ops' role: ${long(60)}… (U-long)`])
    expect(await bot.say('U-admin', `hubot ${long(3000)} has ops role`, { name: 'admin-user' }))
      .toEqual([`admin-user: ${cut} could be several people: ${long(60)}… (U-long), ${long(60)}… (U-long2). Mention the one you mean (@name).`])
  })
})

describe('look-alike names are shown with their ids', () => {
  test('"alice" and "аlice" (Cyrillic а) in who has: each with its id', async () => {
    bot.robot.brain.userForId('U1', { name: 'alice', roles: ['ops'] })
    bot.robot.brain.userForId('U2', { name: CYRILLIC_ALICE, roles: ['ops'] })
    bot.robot.brain.userForId('U3', { name: 'bob', roles: ['ops'] })
    expect(await bot.say('U-admin', 'hubot who has ops role', { name: 'admin-user' }))
      .toEqual([`admin-user: The following people have the 'ops' role: ${['alice (U1)', `${CYRILLIC_ALICE} (U2)`, 'bob'].sort().join(', ')}`])
  })

  test('only the look-alike has the role: it still shows its id, since a real "alice" exists', async () => {
    bot.robot.brain.userForId('U1', { name: 'alice' })
    bot.robot.brain.userForId('U2', { name: CYRILLIC_ALICE, roles: ['deployers'] })
    expect(await bot.say('U-admin', 'hubot who has deployers role', { name: 'admin-user' }))
      .toEqual([`admin-user: The following people have the 'deployers' role: ${CYRILLIC_ALICE} (U2)`])
    expect(await bot.say('U-admin', `hubot what roles does ${CYRILLIC_ALICE} have`, { name: 'admin-user' }))
      .toEqual([`admin-user: ${CYRILLIC_ALICE} (U2) has the following roles: deployers.`])
    expect(await bot.say('U-admin', 'hubot what roles does alice have', { name: 'admin-user' }))
      .toEqual(['admin-user: alice (U1) has no roles.'])
  })

  test('fullwidth letters (NFKC), Greek look-alikes and case count as look-alikes; distinct names do not', async () => {
    bot.robot.brain.userForId('U1', { name: 'ＯＰＳ-bot', roles: ['ops'] }) // fullwidth
    bot.robot.brain.userForId('U2', { name: 'ops-bot', roles: ['ops'] })
    bot.robot.brain.userForId('U3', { name: '\u039fps-b\u03bft', roles: ['ops'] }) // Greek Ο and ο
    bot.robot.brain.userForId('U4', { name: 'carol', roles: ['ops'] })
    bot.robot.brain.userForId('U5', { name: 'Carl', roles: ['ops'] })
    const [reply] = await bot.say('U-admin', 'hubot who has ops role', { name: 'admin-user' })
    const listed = reply.replace("admin-user: The following people have the 'ops' role: ", '').split(', ')
    expect([...listed].sort()).toEqual(['Carl', 'carol', 'ops-bot (U2)', 'ＯＰＳ-bot (U1)', '\u039fps-b\u03bft (U3)'].sort())
  })
})
