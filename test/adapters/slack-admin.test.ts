// The terminal's fallback admin (its own user when HUBOT_AUTH_ADMIN is unset) exists only
// in the terminal: on Slack, or any other adapter, nobody is an admin unless configured,
// even a user whose id equals HUBOT_SHELL_USER_ID.
import { afterEach, describe, expect, test } from '@jest/globals'
import { member, messageEvent, startSlackBot, type SlackTestBot } from './slack-harness.ts'
import { startTestBot, type TestBot } from '../helpers/bot.ts'

let slack: SlackTestBot | undefined
let other: TestBot | undefined
afterEach(async () => {
  await slack?.stop()
  await other?.stop()
  slack = undefined
  other = undefined
})

describe('no admin by default outside the terminal', () => {
  test('Slack: HUBOT_AUTH_ADMIN unset and HUBOT_SHELL_USER_ID naming a Slack user: that user still cannot grant roles', async () => {
    slack = await startSlackBot({ scripts: ['roles.ts'], members: [member('UALICE', 'alice'), member('UBOB', 'bob')], env: { HUBOT_SHELL_USER_ID: 'UALICE' } })
    slack.fake.sendEvent(messageEvent('UALICE', 'C1', '<@UBOT> bob has oncall role'))
    const post = await slack.fake.until(() => slack!.fake.state.posted[0], 'the refusal')
    expect(post.text).toBe('<@UALICE> only admins can do that; admins are the user ids in HUBOT_AUTH_ADMIN.')
    expect(slack.robot.brain.data.users.UBOB.roles ?? []).toEqual([])
    expect(slack.logs.lines.some(l => l.terminal_admin != null)).toBe(false)
  })

  test('any other adapter (the test adapter): the default shell user id is no admin', async () => {
    other = await startTestBot({ scripts: ['roles.ts'], env: { HUBOT_SHELL_USER_ID: 'shell' } })
    await other.say('bob', 'hubot what\'s my id')
    expect(await other.say('shell', 'hubot bob has oncall role')).toEqual(['shell: only admins can do that; admins are the user ids in HUBOT_AUTH_ADMIN.'])
    expect(await other.say('shell', 'hubot what roles do I have')).toEqual(['shell: You have no roles.'])
  })
})
