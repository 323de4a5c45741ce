// A robot with the Zendesk script pointed at the fake Zendesk (test/fakes/zendesk), which is
// shared per file, reset before each test and spec-checked after each (useFakeZendesk).
// Every URL the bot fetched is kept as sent, to check what was encoded.
import { afterEach } from '@jest/globals'
import { ManualClock, startTestBot, type TestBot } from '../helpers/bot.ts'
import { newEntries, oneReply } from '../helpers/vendor-session.ts'
import { CREDENTIALS, useFakeZendesk } from '../fakes/zendesk/harness.ts'
import type { FakeZendesk } from '../fakes/zendesk/fake-zendesk.ts'

export { BASIC, CREDENTIALS } from '../fakes/zendesk/harness.ts'

export interface ZendeskBot {
  bot: TestBot
  fake: FakeZendesk
  clock: ManualClock
  /** Each URL the bot fetched, as sent (encoded). */
  urls: string[]
  /** One reply (asserts there was exactly one) to `text` said by `user`. */
  say (user: string, text: string): Promise<string>
  /** "GET /path" of each request the fake got since the last call. */
  requests (): string[]
}

export const BASIC_ENV = { HUBOT_ZENDESK_EMAIL: CREDENTIALS.email, HUBOT_ZENDESK_TOKEN: CREDENTIALS.apiToken }

/** What a test may do to each answer before the bot sees it (a header Zendesk might add). */
export type AnswerEdit = (response: Response) => Response

/** Call at the top of a test file; then `await start()` in each test (env adds or overrides). */
export function useZendeskBot (): (env?: Record<string, string>, edit?: AnswerEdit) => Promise<ZendeskBot> {
  const zd = useFakeZendesk()
  const bots: TestBot[] = []
  afterEach(async () => { for (const b of bots.splice(0)) await b.stop() })
  return async (env = {}, edit = response => response) => {
    const fake = zd.fake()
    const clock = new ManualClock()
    const urls: string[] = []
    const recording: typeof fetch = async (input, init) => {
      urls.push(input instanceof Request ? input.url : String(input))
      return edit(await fetch(input, init))
    }
    const started = await startTestBot({
      scripts: ['zendesk.ts', 'help.ts'],
      clock,
      fetch: recording,
      env: { HUBOT_ZENDESK_URL: fake.url, HUBOT_ZENDESK_TIMEOUT: '2s', ...BASIC_ENV, ...env }
    })
    bots.push(started)
    return {
      bot: started,
      fake,
      clock,
      urls,
      say: async (user, text) => await oneReply(started, user, text),
      requests: newEntries(fake.requests, r => `${r.method} ${r.path}`)
    }
  }
}
