import { afterEach, describe, expect, test } from '@jest/globals'
import { readConfig } from '../../src/config.ts'
import { createLogger } from '../../src/log.ts'
import { slackAdapter } from '../../src/adapters/slack/index.ts'
import { LogCapture } from '../helpers/bot.ts'
import { member, messageEvent, startSlackBot, type SlackTestBot } from './slack-harness.ts'

let bot: SlackTestBot | undefined
afterEach(async () => { await bot?.stop(); bot = undefined })

describe('Slack adapter: connection', () => {
  test('after the socket drops, the client opens a new connection via apps.connections.open and events flow again', async () => {
    bot = await startSlackBot({ members: [member('UALICE', 'alice')] })
    const reconnected = new Promise(resolve => bot!.adapter.once('connected', resolve))
    bot.fake.dropConnection()
    // The adapter says "connected" once the new socket's hello arrived.
    await reconnected
    expect(bot.fake.connections).toHaveLength(2)
    expect(bot.fake.callsOf('apps.connections.open')).toHaveLength(2)
    const env = bot.fake.sendEvent(messageEvent('UALICE', 'C1', '<@UBOT> help words'))
    await bot.fake.until(() => bot!.fake.state.posted[0], 'a reply over the new connection')
    expect(bot.fake.acks.map(a => a.envelope_id)).toContain(env)
    expect(bot.logs.lines.find(l => l.msg === 'Slack Socket Mode connection lost; reconnecting')).toBeDefined()
  })

  test('Slack\'s disconnect message (refresh_requested) makes the bot reconnect; events flow on the new connection', async () => {
    bot = await startSlackBot({ members: [member('UALICE', 'alice')] })
    const reconnected = new Promise(resolve => bot!.adapter.once('connected', resolve))
    bot.fake.sendDisconnect('refresh_requested')
    await reconnected
    expect(bot.fake.connections).toHaveLength(2)
    expect(bot.fake.connections[0].readyState).not.toBe(bot.fake.connections[0].OPEN)
    bot.fake.sendEvent(messageEvent('UALICE', 'C1', '<@UBOT> help words'))
    await bot.fake.until(() => bot!.fake.state.posted[0], 'a reply over the new connection')
  })

  test('no tokens: -a slack says which variables to set', () => {
    const config = readConfig({ HUBOT_LOG_LEVEL: 'silent' })
    const log = createLogger({ level: 'silent', destination: new LogCapture() })
    expect(() => slackAdapter({ config, log, onEnd: () => {} })).toThrow(/HUBOT_SLACK_APP_TOKEN .*HUBOT_SLACK_BOT_TOKEN/)
  })

  test('tokens never reach the logs', async () => {
    bot = await startSlackBot({ members: [member('UALICE', 'alice')], env: { HUBOT_LOG_LEVEL: 'trace' } })
    bot.fake.sendEvent(messageEvent('UALICE', 'C1', '<@UBOT> help words'))
    await bot.fake.until(() => bot!.fake.state.posted[0], 'a reply')
    expect(bot.logs.raw).not.toContain(bot.fake.state.botToken)
    expect(bot.logs.raw).not.toContain(bot.fake.state.appToken)
  })
})
