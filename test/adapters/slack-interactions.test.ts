import { afterEach, describe, expect, test } from '@jest/globals'
import { CHAT_INTERACTION, type ChatInteraction } from '../../src/adapters/slack/index.ts'
import { member, messageEvent, startSlackBot, type SlackTestBot } from './slack-harness.ts'

let bot: SlackTestBot | undefined
afterEach(async () => { await bot?.stop(); bot = undefined })

// https://docs.slack.dev/reference/interaction-payloads/block_actions-payload
function blockActions (userId: string, channel: string, messageTs: string, threadTs?: string): Record<string, unknown> {
  return {
    type: 'block_actions',
    user: { id: userId, username: 'carol', name: 'carol', team_id: 'T0FAKE' },
    api_app_id: 'A0FAKE',
    token: 'verification-token',
    container: { type: 'message', message_ts: messageTs, channel_id: channel, is_ephemeral: false, ...(threadTs != null ? { thread_ts: threadTs } : {}) },
    trigger_id: '1764072000.1.abc',
    team: { id: 'T0FAKE', domain: 'fake' },
    channel: { id: channel, name: 'ops' },
    message: { type: 'message', user: 'UBOT', ts: messageTs, text: 'Approve deploy?', ...(threadTs != null ? { thread_ts: threadTs } : {}) },
    response_url: 'https://hooks.slack.com/actions/T0FAKE/1/abc',
    actions: [{ action_id: 'approval.approve', block_id: 'b1', text: { type: 'plain_text', text: 'Approve', emoji: true }, value: 'req-42', type: 'button', action_ts: '1764072001.000001' }]
  }
}

describe('Slack adapter: buttons', () => {
  test('a click is acked and routed with the clicker\'s id from the payload, the action and the message', async () => {
    bot = await startSlackBot({ members: [member('UCAROL', 'carol')] })
    const seen: ChatInteraction[] = []
    bot.robot.on(CHAT_INTERACTION, (i: ChatInteraction) => seen.push(i))
    const { ts } = await bot.robot.messageRoom('C1', { text: 'Approve deploy?', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Approve deploy?' } }] }) as { ts: string }
    expect(bot.fake.state.posted[0].blocks).toHaveLength(1)

    const env = bot.fake.sendInteractive(blockActions('UCAROL', 'C1', ts, '1764070000.000009'))
    await bot.fake.until(() => bot!.fake.acks.find(a => a.envelope_id === env), 'the ack')
    await bot.fake.until(() => seen[0], 'the robot event')
    expect(seen).toEqual([{
      user: { id: 'UCAROL', name: 'carol' }, actionId: 'approval.approve', value: 'req-42', room: 'C1', messageTs: ts, threadTs: '1764070000.000009'
    }])
  })

  test('the clicker is whoever Slack says clicked, even someone who never spoke', async () => {
    bot = await startSlackBot()
    const seen: ChatInteraction[] = []
    bot.robot.on(CHAT_INTERACTION, (i: ChatInteraction) => seen.push(i))
    bot.fake.sendInteractive(blockActions('USTRANGER', 'C1', '1764072000.000001'))
    await bot.fake.until(() => seen[0], 'the robot event')
    expect(seen[0].user).toEqual({ id: 'USTRANGER', name: 'carol' })
    expect(seen[0].threadTs).toBeUndefined()
  })

  test('update() replaces the message (chat.update) after a click', async () => {
    bot = await startSlackBot()
    const { ts } = await bot.robot.messageRoom('C1', 'Approve deploy?') as { ts: string }
    await bot.adapter.update('C1', ts, { text: 'Approved by carol', blocks: [] })
    expect(bot.fake.callsOf('chat.update')[0].params).toMatchObject({ channel: 'C1', ts, text: 'Approved by carol' })
    expect(bot.fake.state.posted[0].text).toBe('Approved by carol')
  })

  test('other interactive payloads are acked and not routed', async () => {
    bot = await startSlackBot()
    const seen: unknown[] = []
    bot.robot.on(CHAT_INTERACTION, (i: unknown) => seen.push(i))
    const env = bot.fake.sendInteractive({ type: 'view_submission', user: { id: 'UCAROL' }, view: { id: 'V1' } })
    await bot.fake.until(() => bot!.fake.acks.find(a => a.envelope_id === env), 'the ack')
    // A message after it: when its reply is out, the payload before it has been handled.
    bot.fake.sendEvent(messageEvent('UCAROL', 'D1', 'help words'))
    await bot.fake.until(() => bot!.fake.state.posted[0], 'the reply')
    expect(seen).toEqual([])
  })
})
