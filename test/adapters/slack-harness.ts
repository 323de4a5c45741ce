// A real robot (createBot) on the real Slack adapter, talking to the fake Slack over
// HTTP and WebSocket. The bot's clock is a ManualClock: the outbox's sleeps advance it and
// return at once, and are recorded so tests can assert the waits Slack asked for.
import path from 'node:path'
import { readConfig } from '../../src/core/config.ts'
import { createLogger } from '../../src/core/log.ts'
import { createBot, type Bot } from '../../src/runtime/bot.ts'
import { MemoryBrain } from '../../src/brain/index.ts'
import { MemoryStore } from '../../src/store/index.ts'
import { slackAdapter, type SlackChatAdapter } from '../../src/adapters/slack/index.ts'
import { LogCapture, ManualClock, ROOT } from '../helpers/bot.ts'
import { FakeSlack } from '../fakes/slack/fake-slack.ts'
import type { Member } from '../fakes/slack/web-api.ts'

export interface SlackTestBot extends Bot {
  fake: FakeSlack
  adapter: SlackChatAdapter
  logs: LogCapture
  clock: ManualClock
}

export function member (id: string, name: string, extra: Partial<Member> = {}): Member {
  return {
    id, team_id: 'T0FAKE', name, deleted: false, real_name: `${name} Example`, tz: 'Europe/Paris', is_admin: false, is_bot: false, updated: 1764000000,
    profile: { real_name: `${name} Example`, display_name: name, email: `${name}@example.com` },
    ...extra
  }
}

export interface SlackBotOptions {
  env?: Record<string, string>
  scripts?: string[]
  members?: Member[]
  joined?: string[]
  /** Runs before the bot connects (e.g. to make a start-up call fail). */
  before?: (fake: FakeSlack) => void
  /** Start the HTTP server too (set PORT=0 in env). */
  httpd?: boolean
}

export async function startSlackBot (options: SlackBotOptions = {}): Promise<SlackTestBot> {
  const fake = await new FakeSlack().start()
  for (const m of options.members ?? []) fake.addMember(m)
  fake.join(...(options.joined ?? ['C1', 'D1']))
  options.before?.(fake)
  const logs = new LogCapture()
  const config = readConfig({
    HUBOT_LOG_LEVEL: 'debug',
    HUBOT_SLACK_APP_TOKEN: fake.state.appToken,
    HUBOT_SLACK_BOT_TOKEN: fake.state.botToken,
    HUBOT_SLACK_API_URL: fake.apiUrl,
    ...options.env
  })
  const log = createLogger({ level: config.bot.logLevel, destination: logs })
  const clock = new ManualClock()
  const adapter = slackAdapter({ config, log, onEnd: () => {} }, { clientPingTimeoutMs: 300, webRetries: 0, pageSize: 2 })
  const bot = await createBot({
    config,
    log,
    adapter,
    brain: new MemoryBrain(),
    store: new MemoryStore(),
    httpd: options.httpd ?? false,
    scriptsDir: path.join(ROOT, 'scripts'),
    scripts: options.scripts ?? ['help.ts'],
    externalScriptsFile: null,
    clock
  })
  await bot.start()
  const slack = bot.robot.adapter as unknown as SlackChatAdapter
  await slack.usersSynced
  return {
    ...bot,
    fake,
    adapter: slack,
    logs,
    clock,
    stop: async () => { await bot.stop(); await fake.stop() }
  }
}

let eventCount = 0

/** A message event as Slack sends it (https://docs.slack.dev/reference/events/message). */
export function messageEvent (user: string, channel: string, text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'message',
    user,
    text,
    ts: `1764071000.${String(++eventCount).padStart(6, '0')}`,
    team: 'T0FAKE',
    channel,
    event_ts: '1764072100.000100',
    channel_type: channel.startsWith('D') ? 'im' : 'channel',
    ...extra
  }
}
