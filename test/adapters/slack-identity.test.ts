// Slack user ids become brain keys: an id that every JavaScript object already answers to
// (__proto__, constructor, toString) must never reach hubot's userForId, where writing the
// speaker's name and room on the "user" it returns would change every object in the process.
import { afterEach, describe, expect, test } from '@jest/globals'
import { member, messageEvent, startSlackBot, type SlackTestBot } from './slack-harness.ts'

let bot: SlackTestBot | undefined
afterEach(async () => { await bot?.stop(); bot = undefined })

const objectMembers = (): string[] => Object.getOwnPropertyNames(Object.prototype).sort()

describe('Slack adapter: user ids that are Object members', () => {
  test('a message from user id __proto__ (or constructor) is dropped and logged; Object.prototype is unchanged and the next message is answered', async () => {
    const before = objectMembers()
    bot = await startSlackBot({ members: [member('UALICE', 'alice')] })
    for (const id of ['__proto__', 'constructor', 'toString']) {
      bot.fake.sendEvent(messageEvent(id, 'C1', '<@UBOT> help words'))
    }
    bot.fake.sendEvent(messageEvent('UALICE', 'C1', '<@UBOT> help words'))
    const post = await bot.fake.until(() => bot!.fake.state.posted[0], 'the reply to alice')
    await bot.context.work.idle()
    expect(post.text).toBe('hubot help &lt;words&gt; - only the commands that mention all of those words')
    expect(bot.fake.state.posted).toHaveLength(1)
    expect(objectMembers()).toEqual(before)
    const probe = {} as Record<string, unknown>
    expect([probe.room, probe.name]).toEqual([undefined, undefined])
    expect(Object.keys(bot.robot.brain.data.users).sort()).toEqual(['UALICE'])
    expect(bot.fake.callsOf('users.info')).toHaveLength(0)
    const dropped = bot.logs.lines.filter(l => l.msg === 'Slack message from a user id that cannot be a brain key; ignored')
    expect(dropped.map(l => l.slack_user_id)).toEqual(['__proto__', 'constructor', 'toString'])
  })

  test('users.list with a member whose id is __proto__ syncs everyone else', async () => {
    const before = objectMembers()
    bot = await startSlackBot({ members: [member('UALICE', 'alice'), member('__proto__', 'mallory'), member('UBOB', 'bob')] })
    expect(Object.keys(bot.robot.brain.data.users).sort()).toEqual(['UALICE', 'UBOB'])
    expect(objectMembers()).toEqual(before)
    expect(({} as Record<string, unknown>).name).toBeUndefined()
  })
})
