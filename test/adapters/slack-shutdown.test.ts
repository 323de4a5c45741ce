// Shutdown on Slack loses nothing it could keep: posts already queued in the outbox go
// out before the process exits, and a message arriving while the bot stops is not acked,
// so Slack delivers it again (to the restarted bot) instead of it being dropped.
import { afterEach, describe, expect, test } from '@jest/globals'
import { CHAT_INTERACTION } from '../../src/adapters/slack/index.ts'
import { member, messageEvent, startSlackBot, type SlackTestBot } from './slack-harness.ts'

let bot: SlackTestBot | undefined
afterEach(async () => { await bot?.stop(); bot = undefined })

describe('Slack adapter: shutdown', () => {
  test('posts still queued for a channel are sent before stop() resolves', async () => {
    bot = await startSlackBot({ joined: ['C1', 'C2'] })
    // Not awaited, as a webhook announcement or a timer's message would be.
    const sends = ['one', 'two', 'three'].map(async text => await bot!.robot.messageRoom('C1', text))
    sends.push(bot.robot.messageRoom('C2', 'elsewhere'))
    const fake = bot.fake
    await bot.stop()
    bot = undefined
    expect(fake.state.posted.filter(p => p.channel === 'C1').map(p => p.text)).toEqual(['one', 'two', 'three'])
    expect(fake.state.posted.filter(p => p.channel === 'C2').map(p => p.text)).toEqual(['elsewhere'])
    await Promise.all(sends)
  })

  test('a message acked just before the stop is still handled, even while its sender is being looked up', async () => {
    bot = await startSlackBot({ members: [member('UALICE', 'alice')] })
    bot.fake.addMember(member('ULATE', 'latecomer')) // not synced: users.info is called first
    const release = bot.fake.holdNext('users.info')
    const env = bot.fake.sendEvent(messageEvent('ULATE', 'C1', '<@UBOT> help words'))
    await bot.fake.until(() => bot!.fake.callsOf('users.info').length === 1 && bot!.fake.acks.some(a => a.envelope_id === env), 'the ack and the held lookup')
    const fake = bot.fake
    const stopped = bot.stop() // SIGTERM now
    await new Promise(resolve => setTimeout(resolve, 20))
    release()
    await stopped
    bot = undefined
    // Acked means Slack will not send it again: it must have been answered.
    expect(fake.state.posted.map(p => p.text)).toEqual(['hubot help &lt;words&gt; - only the commands that mention all of those words'])
  })

  test('a command failing while the bot stops still gets its error sentence posted', async () => {
    bot = await startSlackBot({ members: [member('UALICE', 'alice')] })
    let stopped: Promise<void> | undefined
    bot.robot.respond(/fail now$/, { id: 'test.fail' }, () => {
      stopped = bot!.stop() // SIGTERM arrives while this command runs
      throw new Error('boom')
    })
    const fake = bot.fake
    fake.sendEvent(messageEvent('UALICE', 'C1', '<@UBOT> fail now'))
    await fake.until(() => stopped, 'the command to run')
    await stopped
    bot = undefined
    expect(fake.state.posted.map(p => p.text)).toEqual([expect.stringMatching(/^<@UALICE> something went wrong \(reference [0-9a-f]{8}\)/)])
  })

  test('a message arriving while the bot stops is neither handled nor acked (Slack re-delivers it)', async () => {
    bot = await startSlackBot({ members: [member('UALICE', 'alice')] })
    const before = bot.fake.sendEvent(messageEvent('UALICE', 'C1', '<@UBOT> help words'))
    await bot.fake.until(() => bot!.fake.acks.some(a => a.envelope_id === before), 'the ack of a message before shutdown')
    await bot.fake.until(() => bot!.fake.state.posted[0], 'the reply before shutdown')
    bot.context.work.stopAccepting() // what stop() does first
    const during = bot.fake.sendEvent(messageEvent('UALICE', 'C1', '<@UBOT> help frobnicate'))
    await bot.fake.until(() => bot!.logs.lines.find(l => l.envelope_id === during), 'the log line about the unacked envelope')
    // The ack would have been sent before that line; give the socket a moment anyway.
    await new Promise(resolve => setTimeout(resolve, 50))
    expect(bot.fake.acks.map(a => a.envelope_id)).not.toContain(during)
    expect(bot.fake.state.posted).toHaveLength(1)
  })

  test('a button click while the bot stops is neither acked nor routed (Slack shows the clicker it failed)', async () => {
    bot = await startSlackBot()
    const seen: unknown[] = []
    bot.robot.on(CHAT_INTERACTION, (i: unknown) => seen.push(i))
    bot.context.work.stopAccepting()
    const env = bot.fake.sendInteractive({
      type: 'block_actions',
      user: { id: 'UCAROL', username: 'carol', name: 'carol', team_id: 'T0FAKE' },
      container: { type: 'message', message_ts: '1764072000.000001', channel_id: 'C1', is_ephemeral: false },
      channel: { id: 'C1', name: 'ops' },
      actions: [{ action_id: 'approval.approve', block_id: 'b1', value: 'req-42', type: 'button', action_ts: '1764072001.000001' }]
    })
    await bot.fake.until(() => bot!.logs.lines.find(l => l.envelope_id === env), 'the log line about the unacked click')
    await new Promise(resolve => setTimeout(resolve, 50))
    expect(bot.fake.acks.map(a => a.envelope_id)).not.toContain(env)
    expect(seen).toEqual([])
  })
})
