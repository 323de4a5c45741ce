// A robot with the PagerDuty script pointed at a fresh fake PagerDuty, and chat users
// whose Slack-style profile emails match the fake's users. Privileged commands run
// directly (rule {"pagerduty.*": null}) unless a test passes its own rules.
import { ManualClock, startTestBot, type TestBot } from '../helpers/bot.ts'
import { newEntries, oneReply } from '../helpers/vendor-session.ts'
import { startFakePagerDuty, type FakePagerDuty } from '../fakes/pagerduty/fake-pagerduty.ts'

export interface PagerDutyBot {
  bot: TestBot
  fake: FakePagerDuty
  clock: ManualClock
  /** One reply (asserts there was exactly one) to `text` said by `user`. */
  say (user: string, text: string): Promise<string>
  /** "METHOD /path" of each request the fake got since the last call. */
  requests (): string[]
  stop (): Promise<void>
}

export const CHAT_USERS: Record<string, string> = { alice: 'alice@example.com', bob: 'bob@example.com', carol: 'carol@example.com', dave: 'dave@example.com' }

export async function startPagerDutyBot (env: Record<string, string> = {}, scripts = ['pagerduty.ts']): Promise<PagerDutyBot> {
  const clock = new ManualClock()
  const fake = await startFakePagerDuty({ now: () => clock.now() })
  const bot = await startTestBot({
    scripts,
    clock,
    env: {
      HUBOT_PAGERDUTY_API_KEY: fake.token,
      HUBOT_PAGERDUTY_API_URL: fake.url,
      HUBOT_PAGERDUTY_SERVICE_ID: 'PSVCWEB',
      HUBOT_PAGERDUTY_TIMEOUT: '2s',
      HUBOT_APPROVAL_RULES: '{"pagerduty.*": null}',
      ...env
    }
  })
  for (const [id, email] of Object.entries(CHAT_USERS)) bot.robot.brain.userForId(id, { name: id, email_address: email })
  return {
    bot,
    fake,
    clock,
    say: async (user, text) => await oneReply(bot, user, text),
    requests: newEntries(fake.requests, r => `${r.method} ${r.path}`),
    async stop () { await bot.stop(); await fake.close() }
  }
}
