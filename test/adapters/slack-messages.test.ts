import { afterEach, describe, expect, test } from '@jest/globals'
import { member, messageEvent, startSlackBot, type SlackTestBot } from './slack-harness.ts'

let bot: SlackTestBot | undefined
afterEach(async () => { await bot?.stop(); bot = undefined })

const HELP_WORDS = 'help &lt;words&gt; - only the commands that mention all of those words'

describe('Slack adapter: who the bot answers to', () => {
  test('connects through HUBOT_SLACK_API_URL with the app token, and uses the bot token for the Web API', async () => {
    bot = await startSlackBot()
    const open = bot.fake.callsOf('apps.connections.open')
    expect(open).toHaveLength(1)
    expect(open[0].token).toBe(bot.fake.state.appToken)
    expect(bot.fake.callsOf('auth.test')[0].token).toBe(bot.fake.state.botToken)
    expect(bot.fake.connections).toHaveLength(1)
  })

  test('a channel message mentioning the bot is answered in the channel; chatter is not', async () => {
    bot = await startSlackBot({ members: [member('UALICE', 'alice')] })
    bot.fake.sendEvent(messageEvent('UALICE', 'C1', 'lunch anyone? help words'))
    const env = bot.fake.sendEvent(messageEvent('UALICE', 'C1', '<@UBOT> help words'))
    const post = await bot.fake.until(() => bot!.fake.state.posted[0], 'a post')
    expect(post).toMatchObject({ channel: 'C1', text: `hubot ${HELP_WORDS}` })
    expect(post.thread_ts).toBeUndefined()
    expect(bot.fake.acks.map(a => a.envelope_id)).toContain(env)
    expect(bot.fake.state.posted).toHaveLength(1)
    expect(bot.fake.callsOf('chat.postMessage')[0].token).toBe(bot.fake.state.botToken)
  })

  test('answers to -n/--name and to the alias, not only to its Slack handle', async () => {
    bot = await startSlackBot({ env: { HUBOT_NAME: 'ops', HUBOT_ALIAS: '!' }, members: [member('UALICE', 'alice')] })
    bot.fake.sendEvent(messageEvent('UALICE', 'C1', 'ops help words'))
    await bot.fake.until(() => bot!.fake.state.posted.length === 1, 'the reply to the name')
    bot.fake.sendEvent(messageEvent('UALICE', 'C1', '!help words'))
    await bot.fake.until(() => bot!.fake.state.posted.length === 2, 'the reply to the alias')
    bot.fake.sendEvent(messageEvent('UALICE', 'C1', '<@UBOT>: help words'))
    await bot.fake.until(() => bot!.fake.state.posted.length === 3, 'the reply to the Slack mention')
    // The handle typed as plain text (hubot-slack's robot was named after it).
    bot.fake.sendEvent(messageEvent('UALICE', 'C1', 'opsbot help words'))
    await bot.fake.until(() => bot!.fake.state.posted.length === 4, 'the reply to the Slack handle')
    bot.fake.sendEvent(messageEvent('UALICE', 'C1', '@OpsBot: help words'))
    await bot.fake.until(() => bot!.fake.state.posted.length === 5, 'the reply to @handle')
    await bot.context.work.idle()
    expect(bot.fake.state.posted.map(p => p.text)).toEqual(Array(5).fill(`ops ${HELP_WORDS}`))
    // SlackBot would have renamed the robot to its Slack handle; the -n name stays.
    expect(bot.robot.name).toBe('ops')
  })

  test('in a DM no prefix is needed', async () => {
    bot = await startSlackBot({ members: [member('UALICE', 'alice')] })
    bot.fake.sendEvent(messageEvent('UALICE', 'D1', 'help words'))
    const post = await bot.fake.until(() => bot!.fake.state.posted[0], 'the DM reply')
    expect(post).toMatchObject({ channel: 'D1', text: `hubot ${HELP_WORDS}` })
  })

  test('a reply to a message in a thread goes to that thread, mentioning the asker by id', async () => {
    bot = await startSlackBot({ scripts: ['roles.ts'], members: [member('UALICE', 'alice')] })
    bot.fake.sendEvent(messageEvent('UALICE', 'C1', '<@UBOT> what\'s my id', { thread_ts: '1764070000.000001' }))
    const post = await bot.fake.until(() => bot!.fake.state.posted[0], 'the threaded reply')
    expect(post.channel).toBe('C1')
    expect(post.thread_ts).toBe('1764070000.000001')
    expect(post.text).toMatch(/^<@UALICE> .*UALICE/)
  })

  test('ignores its own messages, edits and other bots\' posts', async () => {
    bot = await startSlackBot({ members: [member('UALICE', 'alice')] })
    bot.fake.sendEvent(messageEvent('UBOT', 'C1', '<@UBOT> help words'))
    bot.fake.sendEvent(messageEvent('UALICE', 'C1', '<@UBOT> help words', { subtype: 'message_changed' }))
    bot.fake.sendEvent(messageEvent('UOTHER', 'C1', '<@UBOT> help words', { subtype: 'bot_message', bot_id: 'B2' }))
    bot.fake.sendEvent(messageEvent('UALICE', 'C1', '<@UBOT> help frobnicate'))
    await bot.fake.until(() => bot!.fake.state.posted[0], 'the one real reply')
    await bot.context.work.idle()
    expect(bot.fake.state.posted.map(p => p.text)).toEqual(['No command mentions "frobnicate". Say "hubot help" for every command.'])
  })

  test('message.text keeps user mentions as <@id> (ids in message.mentions); links and specials become plain text', async () => {
    bot = await startSlackBot({ members: [member('UALICE', 'alice'), member('UBOB', 'bob')] })
    const seen: Array<{ text: string, mentions: unknown }> = []
    bot.robot.hear(/^hubot echo/, { id: 'test.echo' }, (res) => {
      seen.push({ text: res.message.text, mentions: (res.message as unknown as { mentions: unknown }).mentions })
    })
    bot.fake.sendEvent(messageEvent('UALICE', 'C1',
      '<@UBOT> echo <@UBOB> and <@UALICE|alice> in <#C1|ops> <!here> see <https://example.com/a?b=1&amp;c=2|the doc> &lt;x&gt; <mailto:a@example.com|a@example.com>'))
    await bot.fake.until(() => seen[0], 'the echo')
    expect(seen[0].text).toBe('hubot echo <@UBOB> and <@UALICE> in #ops @here see the doc (https://example.com/a?b=1&c=2) <x> a@example.com')
    expect(seen[0].mentions).toEqual([
      { id: 'UBOB', type: 'user', info: expect.objectContaining({ id: 'UBOB', name: 'bob' }) },
      { id: 'UALICE', type: 'user', info: expect.objectContaining({ id: 'UALICE', name: 'alice' }) },
      { id: 'C1', type: 'conversation', info: undefined }
    ])
  })

  test('a message Slack delivers twice (a retry after a lost ack) is handled once', async () => {
    bot = await startSlackBot({ members: [member('UALICE', 'alice')] })
    const event = messageEvent('UALICE', 'C1', '<@UBOT> help words')
    bot.fake.sendEvent(event)
    bot.fake.sendEvent(event)
    bot.fake.sendEvent(messageEvent('UALICE', 'C1', '<@UBOT> help frobnicate'))
    await bot.fake.until(() => bot!.fake.state.posted.length === 2, 'two replies')
    await bot.context.work.idle()
    expect(bot.fake.state.posted.map(p => p.text).sort()).toEqual(['No command mentions "frobnicate". Say "hubot help" for every command.', `hubot ${HELP_WORDS}`])
  })
})

describe('Slack adapter: what it posts cannot ping or mask links', () => {
  test('a broadcast, a group mention or a masked link typed by a user is echoed as text, not as Slack markup', async () => {
    bot = await startSlackBot({ members: [member('UALICE', 'alice')] })
    // Slack sends typed < > & escaped; the adapter decodes them for scripts to match.
    bot.fake.sendEvent(messageEvent('UALICE', 'C1', '<@UBOT> ping &lt;!channel&gt; &lt;!subteam^S1&gt; &lt;https://evil.test|login&gt; &amp;'))
    const post = await bot.fake.until(() => bot!.fake.state.posted[0], 'the reply')
    expect(post.text).toBe('I don\'t know how to "ping &lt;!channel&gt; &lt;!subteam^S1&gt; &lt;https://evil.test|login&gt; &amp;". Say "hubot help" for what I can do.')
    expect(String(post.text)).not.toMatch(/<!|<https/)
  })

  test('mrkdwn block text is escaped too; plain_text and the asker mention are left as they are', async () => {
    bot = await startSlackBot({ members: [member('UALICE', 'alice')] })
    bot.robot.respond(/echo (.+)$/i, { id: 'test.echo' }, async (res) => {
      await res.reply({
        text: `you said ${res.match[1]}`,
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `you said ${res.match[1]}` } },
          { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'A & B' }, action_id: 'x', value: 'v' }] }]
      })
    })
    bot.fake.sendEvent(messageEvent('UALICE', 'C1', '<@UBOT> echo &lt;!here&gt;'))
    const post = await bot.fake.until(() => bot!.fake.state.posted[0], 'the reply')
    expect(post.text).toBe('<@UALICE> you said &lt;!here&gt;')
    expect(JSON.stringify(post.blocks)).toContain('"text":"you said &lt;!here&gt;"')
    expect(JSON.stringify(post.blocks)).toContain('"text":"A & B"')
  })
})
