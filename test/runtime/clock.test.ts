// One clock for all time: what a command waits for (a vendor's rate limit, Slack's
// spacing) goes through the bot's Clock, so a test's ManualClock sees every wait and no
// test waits real seconds.
import { afterEach, describe, expect, test } from '@jest/globals'
import { startPagerDutyBot, type PagerDutyBot } from '../scripts/pagerduty-harness.ts'
import { member, messageEvent, startSlackBot, type SlackTestBot } from '../adapters/slack-harness.ts'

let pd: PagerDutyBot | undefined
let slack: SlackTestBot | undefined
afterEach(async () => { await pd?.stop(); await slack?.stop(); pd = undefined; slack = undefined })

describe("the bot's clock", () => {
  test("a PagerDuty rate limit met in chat is waited out on the bot's clock, not on real timers", async () => {
    pd = await startPagerDutyBot()
    pd.fake.failNext({ status: 429, headers: { 'ratelimit-reset': '15' } })
    const began = performance.now()
    expect(await pd.say('alice', 'hubot pager incidents')).toMatch(/^3 open incidents/)
    expect(performance.now() - began).toBeLessThan(3000)
    expect(pd.clock.sleeps).toEqual([15_000])
    expect(pd.requests()).toEqual(['GET /incidents', 'GET /incidents'])
  })

  test("Slack's outbox spaces posts and waits out Retry-After on the clock the bot was created with", async () => {
    slack = await startSlackBot({ members: [member('UALICE', 'alice')] })
    expect(slack.context.clock).toBe(slack.clock)
    slack.fake.failNext('chat.postMessage', { rateLimitedFor: 2 })
    slack.fake.sendEvent(messageEvent('UALICE', 'C1', '<@UBOT> help words'))
    await slack.fake.until(() => slack!.fake.state.posted[0], 'the retried post')
    await slack.robot.messageRoom('C1', 'next')
    // 2 s for Retry-After, then the second between two posts in one channel.
    expect(slack.clock.sleeps).toEqual([2000, 1000])
  })
})
