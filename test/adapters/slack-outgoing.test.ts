import { afterEach, describe, expect, test } from '@jest/globals'
import { ServiceError } from '../../src/core/errors.ts'
import { member, messageEvent, startSlackBot, type SlackTestBot } from './slack-harness.ts'

let bot: SlackTestBot | undefined
afterEach(async () => { await bot?.stop(); bot = undefined })

describe('Slack adapter: outgoing messages', () => {
  test('posts to one channel are queued in order, at most one per second; other channels do not wait', async () => {
    bot = await startSlackBot({ joined: ['C1', 'C2'] })
    await Promise.all([
      bot.robot.messageRoom('C1', 'one'),
      bot.robot.messageRoom('C1', 'two'),
      bot.robot.messageRoom('C2', 'elsewhere'),
      bot.robot.messageRoom('C1', 'three')
    ])
    expect(bot.fake.state.posted.filter(p => p.channel === 'C1').map(p => p.text)).toEqual(['one', 'two', 'three'])
    // Virtual time: the second and third C1 posts each waited a full second; C2 never waited.
    expect(bot.clock.sleeps).toEqual([1000, 1000])
  })

  test('send resolves to the posted ts; postInThread posts under it (long-running work)', async () => {
    bot = await startSlackBot()
    const { ts } = await bot.robot.messageRoom('C1', 'Deploying api to production') as { ts: string }
    expect(ts).toMatch(/^\d+\.\d{6}$/)
    const step = await bot.adapter.postInThread('C1', ts, 'step 1/3: build')
    expect(step.ts).not.toBe(ts)
    await bot.robot.send({ room: 'C1', thread_ts: ts }, 'step 2/3: ship')
    expect(bot.fake.state.posted.map(p => [p.text, p.thread_ts])).toEqual([['Deploying api to production', undefined], ['step 1/3: build', ts], ['step 2/3: ship', ts]])
  })

  test('a rate-limited post (429 + Retry-After) is retried after the wait Slack asked for', async () => {
    bot = await startSlackBot({ members: [member('UALICE', 'alice')] })
    bot.fake.failNext('chat.postMessage', { rateLimitedFor: 1 })
    bot.fake.sendEvent(messageEvent('UALICE', 'C1', '<@UBOT> help words'))
    const post = await bot.fake.until(() => bot!.fake.state.posted[0], 'the retried post')
    expect(post.text).toContain('help &lt;words&gt;')
    expect(bot.fake.callsOf('chat.postMessage')).toHaveLength(2)
    expect(bot.clock.sleeps).toEqual([1000])
    expect(bot.logs.lines.find(l => l.retry_after_s === 1 && l.method === 'chat.postMessage')).toBeDefined()
  })

  test('a 429 asking for longer than the cap (60 s) is reported at once, not waited through', async () => {
    bot = await startSlackBot({ joined: ['C1'] })
    bot.fake.failNext('chat.postMessage', { rateLimitedFor: 120 })
    const failed = bot.robot.messageRoom('C1', 'hello')
    await expect(failed).rejects.toMatchObject({ service: 'Slack', code: 'rate_limited' })
    expect(bot.clock.sleeps).toEqual([])
    expect(bot.fake.callsOf('chat.postMessage')).toHaveLength(1)
  })

  test('a 429 that persists is reported after 5 retries, as the vendor transport caps them', async () => {
    bot = await startSlackBot({ joined: ['C1'] })
    bot.fake.failNext('chat.postMessage', { rateLimitedFor: 0 }, 6)
    await expect(bot.robot.messageRoom('C1', 'hello')).rejects.toMatchObject({ code: 'rate_limited' })
    // Retry-After: 0 still waits a second (retryAfterSecondsMs), as Slack's limit is per second.
    expect(bot.clock.sleeps).toEqual([1000, 1000, 1000, 1000, 1000])
    expect(bot.fake.callsOf('chat.postMessage')).toHaveLength(6)
  })

  test('ok:false is logged with the Slack error code and rejected with a sentence saying what to do', async () => {
    bot = await startSlackBot({ joined: ['C1'] })
    const failed = bot.robot.messageRoom('C9', 'hello?')
    await expect(failed).rejects.toBeInstanceOf(ServiceError)
    await expect(failed).rejects.toThrow(/not in that channel: invite it/)
    const line = bot.logs.lines.find(l => l.slack_error === 'not_in_channel')
    expect(line).toMatchObject({ level: 50, method: 'chat.postMessage', channel: 'C9' })

    bot.fake.failNext('chat.postMessage', { error: 'missing_scope', extra: { needed: 'chat:write', provided: 'users:read' } })
    await expect(bot.robot.messageRoom('C1', 'hi')).rejects.toThrow(/OAuth & Permissions.*needed: chat:write/)
    expect(bot.logs.lines.find(l => l.slack_error === 'missing_scope')).toMatchObject({ needed: 'chat:write' })
    // The lane is not stuck behind a failure.
    await bot.robot.messageRoom('C1', 'still here')
    expect(bot.fake.state.posted.map(p => p.text)).toEqual(['still here'])
  })

  test('a failed reply reaches chat as the error sink\'s sentence when it can, and never loses the log line', async () => {
    bot = await startSlackBot({ members: [member('UALICE', 'alice')] })
    bot.fake.failNext('chat.postMessage', { error: 'msg_too_long' })
    bot.fake.sendEvent(messageEvent('UALICE', 'C1', '<@UBOT> help words'))
    const post = await bot.fake.until(() => bot!.fake.state.posted[0], 'the error sentence')
    expect(post.text).toBe('<@UALICE> Slack: the message is too long for Slack (check the command and try again)')
    expect(bot.logs.lines.find(l => l.slack_error === 'msg_too_long')).toBeDefined()
  })

  test('a reply in a DM does not mention the asker', async () => {
    bot = await startSlackBot({ scripts: ['roles.ts'], members: [member('UALICE', 'alice')] })
    bot.fake.sendEvent(messageEvent('UALICE', 'D1', "what's my id"))
    const post = await bot.fake.until(() => bot!.fake.state.posted[0], 'the DM reply')
    expect(post).toMatchObject({ channel: 'D1', text: 'Your ID is UALICE.' })
  })
})
