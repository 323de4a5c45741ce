// The error sink scrubs every sentence before it reaches chat (vendor text can quote a
// secret). Our own sentences must come through unchanged: "the bot token: check ..." read
// to the token pattern as a secret after "token:", and chat would have shown
// "token: [REDACTED] HUBOT_SLACK_BOT_TOKEN".
import { afterEach, expect, test } from '@jest/globals'
import { scrubSecrets } from '../../src/core/log.ts'
import { formatError } from '../../src/core/errors.ts'
import { startSlackBot, type SlackTestBot } from './slack-harness.ts'

let bot: SlackTestBot | undefined
afterEach(async () => { await bot?.stop(); bot = undefined })

const CODES = ['not_in_channel', 'channel_not_found', 'is_archived', 'missing_scope', 'invalid_auth', 'not_authed', 'token_revoked', 'message_not_found', 'msg_too_long', 'some_new_error']

test('each Slack failure\'s sentence is left as it is by the redaction the sink applies', async () => {
  bot = await startSlackBot({ joined: ['C1'] })
  for (const code of CODES) {
    bot.fake.failNext('chat.postMessage', { error: code, extra: code === 'missing_scope' ? { needed: 'chat:write' } : {} })
    const err = await bot.robot.messageRoom('C1', 'hi').then(() => null, (e: unknown) => e)
    const sentence = formatError(err)
    expect(sentence).not.toBeNull()
    expect(scrubSecrets(sentence!)).toBe(sentence)
  }
})
