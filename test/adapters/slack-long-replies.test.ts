// No post exceeds what Slack accepts: chat.postMessage truncates text past 40,000
// characters and Slack recommends at most 4,000; a section block's text may hold at most
// 3,000 (https://docs.slack.dev/reference/methods/chat.postMessage#truncating,
// https://docs.slack.dev/reference/block-kit/blocks/section-block). A long reply is split
// at line boundaries into a few posts, and what is left after those is cut, saying so.
import { afterEach, describe, expect, test } from '@jest/globals'
import { SLACK_BLOCK_TEXT_LIMIT, SLACK_MAX_PARTS, SLACK_TEXT_LIMIT } from '../../src/adapters/slack/text.ts'
import { member, messageEvent, startSlackBot, type SlackTestBot } from './slack-harness.ts'

let bot: SlackTestBot | undefined
afterEach(async () => { await bot?.stop(); bot = undefined })

const lines = (count: number, width: number): string =>
  Array.from({ length: count }, (_v, i) => `line ${String(i).padStart(5, '0')} ${'a'.repeat(width - 11)}`).join('\n')

describe('Slack adapter: long messages', () => {
  test('a 50,000-character reply arrives as a few posts, each within the limit, split at line ends, the rest cut with a note', async () => {
    bot = await startSlackBot({ members: [member('UALICE', 'alice')] })
    const text = lines(1000, 49) // 1,000 lines of 49 characters: 49,999 with the newlines
    expect(text.length).toBeGreaterThanOrEqual(49_999)
    bot.robot.respond(/long list$/i, { id: 'test.long' }, async (res) => { await res.reply(text) })
    bot.fake.sendEvent(messageEvent('UALICE', 'C1', '<@UBOT> long list'))
    const posts = await bot.fake.until(() => bot!.fake.state.posted.length === SLACK_MAX_PARTS && bot!.fake.state.posted, 'the parts')
    await bot.adapter.flush()
    expect(bot.fake.state.posted).toHaveLength(SLACK_MAX_PARTS)
    for (const p of posts) {
      expect(p.text!.length).toBeLessThanOrEqual(SLACK_TEXT_LIMIT)
      expect(p.channel).toBe('C1')
    }
    expect(posts[0].text).toMatch(/^<@UALICE> line 00000 a+\n/)
    // Whole lines only: each part but the last ends where a line ends.
    for (const p of posts.slice(0, -1)) expect(p.text).toMatch(/a{38}$/)
    const shown = posts.map(p => p.text!).join('\n').split('\n').filter(l => /line \d{5}/.test(l)).length
    expect(posts.at(-1)!.text).toMatch(new RegExp(`\\n… \\(${1000 - shown} more lines not shown: too long for one Slack reply\\)$`))
    // The posts went out one second apart, in order.
    expect(bot.clock.sleeps).toEqual(Array(SLACK_MAX_PARTS - 1).fill(1000))
  })

  test('a reply that fits in two posts is split in two and nothing is cut', async () => {
    bot = await startSlackBot()
    await bot.robot.messageRoom('C1', lines(100, 60)) // about 6,100 characters
    const posts = bot.fake.state.posted
    expect(posts).toHaveLength(2)
    expect(posts.every(p => p.text!.length <= SLACK_TEXT_LIMIT)).toBe(true)
    expect(posts.map(p => p.text).join('\n')).toBe(lines(100, 60))
  })

  test('one long line is cut inside the line, never inside an escaped &lt;', async () => {
    bot = await startSlackBot()
    await bot.robot.messageRoom('C1', '<'.repeat(50_000))
    const posts = bot.fake.state.posted
    expect(posts.length).toBeLessThanOrEqual(SLACK_MAX_PARTS)
    for (const p of posts) {
      expect(p.text!.length).toBeLessThanOrEqual(SLACK_TEXT_LIMIT)
      expect(p.text).toMatch(/^(?:&lt;)+(?:\n… \(.*\))?$/)
    }
  })

  test('a section block\'s text is cut to what Slack accepts; the message text too; chat.update as well', async () => {
    bot = await startSlackBot()
    const long = 'b'.repeat(10_000)
    const sent = await bot.robot.messageRoom('C1', { text: long, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: long } }] }) as { ts: string }
    const [post] = bot.fake.state.posted
    expect(bot.fake.state.posted).toHaveLength(1)
    expect(post.text!.length).toBeLessThanOrEqual(SLACK_TEXT_LIMIT)
    const blockText = (post.blocks as Array<{ text: { text: string } }>)[0].text.text
    expect(blockText.length).toBeLessThanOrEqual(SLACK_BLOCK_TEXT_LIMIT)
    expect(blockText).toMatch(/^b+…$/)
    await bot.adapter.update('C1', sent.ts, long + long)
    const updates = bot.fake.callsOf('chat.update')
    expect(String(updates[0].params.text).length).toBeLessThanOrEqual(SLACK_TEXT_LIMIT)
  })
})
