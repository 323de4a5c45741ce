// A long Slack message is refused quickly, like any long chat line: the <...> token
// pattern that turns Slack's mentions and links into text retried from every '<' and ran
// to the end of the text each time, so 40,000 unclosed '<' (Slack's longest message) held
// the event loop for seconds before the line-length limit could refuse it.
import { afterEach, describe, expect, test } from '@jest/globals'
import { normaliseText } from '../../src/adapters/slack/text.ts'
import { member, messageEvent, startSlackBot, type SlackTestBot } from './slack-harness.ts'

let bot: SlackTestBot | undefined
afterEach(async () => { await bot?.stop(); bot = undefined })

const CTX = { botUserId: 'UBOT', robotName: 'hubot', robotAlias: false as const, isDirect: false }

describe('Slack: long incoming text', () => {
  test.each([['unclosed <', '<'.repeat(40_000)], ['<a| repeated', '<a|'.repeat(13_000)], ['<@ repeated', '<@'.repeat(20_000)]])(
    'normalising %s takes well under a second', (_shape, text) => {
      const started = performance.now()
      normaliseText(text, CTX)
      expect(performance.now() - started).toBeLessThan(200)
    })

  test('tokens still normalise as before', () => {
    expect(normaliseText('<@UBOT> ping <@U1|al> in <#C1|ops> see <https://x.test|docs> <!here> &lt;b&gt;', CTX).text)
      .toBe('hubot ping <@U1> in #ops see docs (https://x.test) @here <b>')
  })

  test('a 40,000-character message to the bot is refused as too long within a second; the next is answered', async () => {
    bot = await startSlackBot({ members: [member('UALICE', 'alice')] })
    const started = performance.now()
    bot.fake.sendEvent(messageEvent('UALICE', 'C1', `<@UBOT> ${'<'.repeat(40_000)}`))
    const refused = await bot.fake.until(() => bot!.fake.state.posted[0], 'the refusal')
    expect(performance.now() - started).toBeLessThan(1000)
    expect(refused.text).toBe('<@UALICE> that message is too long for me (40,006 characters; I read at most 4,000). Send a shorter one.')
    bot.fake.sendEvent(messageEvent('UALICE', 'C1', '<@UBOT> help words'))
    const next = await bot.fake.until(() => bot!.fake.state.posted[1], 'the next answer')
    expect(next.text).toContain('help &lt;words&gt;')
  })
})
