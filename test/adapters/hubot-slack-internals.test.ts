// Our Slack adapter subclasses classes from @hubot-friends/hubot-slack's private files
// (src/Bot.mjs, src/Message.mjs). These tests hold the installed release to what we use,
// by behaviour, and show that a release which moves or changes them fails loudly, naming
// its version, before any message is handled.
import { readFileSync, readdirSync } from 'node:fs'
import { EventEmitter } from 'node:events'
import path from 'node:path'
import { describe, expect, test } from '@jest/globals'
import hubot from 'hubot'
import { HUBOT_SLACK_VERSION, SlackBot, SlackClient, SlackTextMessage, TESTED_VERSION, hubotSlackRoot, loadHubotSlack } from '../../src/adapters/slack/hubot-slack-internals.ts'
import { ROOT } from '../helpers/bot.ts'

const UPGRADES = path.join(ROOT, 'test', 'fixtures', 'hubot-slack-upgrades')
const installed = (JSON.parse(readFileSync(path.join(hubotSlackRoot(), 'package.json'), 'utf8')) as { version: string }).version

function fakeRobot (): { logger: Record<string, () => void>, name: string, brain: EventEmitter } {
  const quiet = (): void => {}
  return { logger: { info: quiet, debug: quiet, warn: quiet, error: quiet }, name: 'hubot', brain: new EventEmitter() }
}

describe(`@hubot-friends/hubot-slack ${installed}: the private classes the Slack adapter builds on`, () => {
  test('the installed release is the one the adapter was tested with (upgrading? run the Slack tests, then change TESTED_VERSION)', () => {
    expect(HUBOT_SLACK_VERSION).toBe(installed)
    expect(installed).toBe(TESTED_VERSION)
  })

  test('SlackBot is a hubot Adapter that takes our Web API and Socket Mode clients and hands them to its SlackClient', () => {
    let disconnected = false
    const socket = Object.assign(new EventEmitter(), { disconnect: () => { disconnected = true } })
    const web = { marker: 'our web client' }
    const bot = new SlackBot(fakeRobot() as never, { appToken: 'xapp-1', botToken: 'xoxb-1', socket: socket as never, web: web as never, disableUserSync: true })
    expect(bot).toBeInstanceOf((hubot as unknown as { Adapter: new () => unknown }).Adapter)
    expect(bot.client).toBeInstanceOf(SlackClient)
    expect(bot.client.socket).toBe(socket)
    expect(bot.client.web).toBe(web)
    // It listens for user_change itself; the adapter removes that listener and adds its own.
    expect(socket.listenerCount('user_change')).toBe(1)
    const handler = async (): Promise<void> => {}
    bot.client.onEvent(handler)
    expect((bot.client as unknown as { eventHandler: unknown }).eventHandler).toBe(handler)
    // The adapter's close(): the socket disconnects and keeps no listeners.
    bot.client.disconnect()
    expect(disconnected).toBe(true)
    expect(socket.eventNames()).toEqual([])
  })

  test('SlackTextMessage is a hubot TextMessage with the ts as id, the thread, the raw text and a mentions list', () => {
    const user = new hubot.User('U1', { name: 'alice', room: 'C1' })
    const raw = { text: '<@UBOT> help', ts: '1700000000.000100', thread_ts: '1700000000.000001' }
    const message = new SlackTextMessage(user, 'hubot help', raw.text, raw, 'C1', 'hubot', false)
    expect(message).toBeInstanceOf(hubot.TextMessage)
    expect(message).toMatchObject({ id: raw.ts, text: 'hubot help', rawText: raw.text, thread_ts: raw.thread_ts, mentions: [] })
    expect(message.rawMessage).toBe(raw)
    expect(message.match(/help$/)).toBeTruthy()
  })
})

describe('a release that moves or changes those files', () => {
  test('moved: loading fails with the package version and what to do', async () => {
    const load = loadHubotSlack(path.join(UPGRADES, 'moved'))
    await expect(load).rejects.toThrow(/^@hubot-friends\/hubot-slack 4\.0\.0: cannot import src\/Bot\.mjs and src\/Message\.mjs/)
    await expect(load).rejects.toThrow(`npm install @hubot-friends/hubot-slack@${TESTED_VERSION}`)
  })

  test('changed: loading fails naming every missing part', async () => {
    await expect(loadHubotSlack(path.join(UPGRADES, 'changed'))).rejects.toThrow(
      '@hubot-friends/hubot-slack 3.9.0: no longer has src/Bot.mjs export SlackClient, SlackTextMessage extending hubot\'s TextMessage.')
  })

  test('nothing else in the project imports the package\'s private files', () => {
    const allowed = new Set(['src/adapters/slack/hubot-slack-internals.ts', 'src/adapters/slack/hubot-slack.d.ts'])
    const importers = ['src', 'scripts', 'middleware', 'test', 'tools']
      .flatMap(dir => readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' }).map(f => path.join(dir, f)))
      .filter(f => /\.(ts|mts|mjs|js)$/.test(f) && !f.startsWith(path.join('test', 'fixtures')) && !allowed.has(f))
      .filter(f => /['"]@hubot-friends\/hubot-slack\/src\//.test(readFileSync(path.join(ROOT, f), 'utf8')))
    expect(importers).toEqual([])
  })
})
