// Help entries are worked out once and kept: asking again must still see every change to
// what they are made of (scripts loaded later, other approval rules, another bot name).
import path from 'node:path'
import { afterEach, describe, expect, test } from '@jest/globals'
import { helpEntries } from '../../src/access/index.ts'
import { ROOT, startTestBot, type TestBot } from '../helpers/bot.ts'

let bot: TestBot | undefined
afterEach(async () => { await bot?.stop(); bot = undefined })

describe('help kept between questions', () => {
  test('a script loaded after the first help shows in the next one, with its policy', async () => {
    bot = await startTestBot({ scripts: ['help.ts'] })
    expect(await bot.say('alice', 'hubot help has role')).toEqual(['No command mentions "has role". Say "hubot help" for every command.'])
    await bot.robot.loadFile(path.join(ROOT, 'scripts'), 'roles.ts')
    const [reply] = await bot.say('alice', 'hubot help has role')
    expect(reply).toContain('hubot <user> has <role> role - give a user a role [admins only]')
    expect(await bot.say('alice', 'hubot help --ids grant')).toEqual([expect.stringContaining('(id: roles.grant)')])
  })

  test('the same robot asked with other rules answers with those rules; asked again as before, as before', async () => {
    bot = await startTestBot({ scripts: ['help.ts', 'roles.ts'] })
    const grant = (rules: Parameters<typeof helpEntries>[1]): string[] =>
      [...helpEntries(bot!.robot, rules).find(e => e.listenerIds.includes('roles.grant'))!.notes]
    expect(grant({})).toEqual(['admins only'])
    expect(grant({ 'roles.*': { group: 'security', quorum: 2, ttlMs: 60_000 } })).toEqual(['admins only', "needs 2 approvals from 'security'"])
    expect(grant({})).toEqual(['admins only'])
  })

  // Listeners keep the name they were registered with; help lines and the catch-all follow the robot's.
  test('a renamed robot is named by help and by the catch-all', async () => {
    bot = await startTestBot({ scripts: ['help.ts'] })
    expect((await bot.say('alice', 'hubot help words'))[0]).toMatch(/^hubot help <words>/)
    expect(await bot.say('alice', 'opsbot frobnicate')).toEqual([])
    bot.robot.name = 'opsbot'
    expect((await bot.say('alice', 'hubot help words'))[0]).toMatch(/^opsbot help <words>/)
    expect(await bot.say('alice', 'opsbot frobnicate')).toEqual(['I don\'t know how to "frobnicate". Say "opsbot help" for what I can do.'])
  })

  test('entries handed out cannot be changed by the caller', async () => {
    bot = await startTestBot({ scripts: ['help.ts'] })
    const entries = helpEntries(bot.robot, {})
    expect(() => { (entries as unknown as unknown[]).pop() }).toThrow(TypeError)
    expect(() => { (entries[0] as { line: string }).line = 'changed' }).toThrow(TypeError)
    expect(helpEntries(bot.robot, {})[0].line).not.toBe('changed')
  })
})
