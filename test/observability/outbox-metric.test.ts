// chatops_slack_outbox_depth: the Slack adapter's queued channels, read at each scrape.
import { afterEach, expect, test } from '@jest/globals'
import { startSlackBot, type SlackTestBot } from '../adapters/slack-harness.ts'
import { metricsOf } from '../../src/core/metrics.ts'
import { parseExposition, valueOf } from './exposition.ts'

let bot: SlackTestBot | undefined
afterEach(async () => { await bot?.stop(); bot = undefined })

const depth = async (b: SlackTestBot): Promise<number> => valueOf(parseExposition(await metricsOf(b.robot)!.registry.metrics()), 'chatops_slack_outbox_depth')

test('a message Slack has not taken yet counts in the outbox depth until it is sent', async () => {
  bot = await startSlackBot()
  expect(await depth(bot)).toBe(0)
  const release = bot.fake.holdNext('chat.postMessage')
  const sending = bot.robot.messageRoom('C1', 'one')
  await bot.fake.until(() => bot!.fake.calls.some(c => c.method === 'chat.postMessage'), 'the post reached Slack')
  expect(await depth(bot)).toBe(1)
  release()
  await sending
  expect(await depth(bot)).toBe(0)
})
