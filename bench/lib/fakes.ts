// The vendor fakes (test/fakes) started for a benchmark, and the environment that points
// our bot's services at them, so every script loads enabled, as in production.
import { startFakePagerDuty, type FakePagerDuty } from '../../test/fakes/pagerduty/fake-pagerduty.ts'
import { startFakeZendesk, type FakeZendesk } from '../../test/fakes/zendesk/fake-zendesk.ts'
import { startFakeGitHub, type FakeGitHub } from '../../test/fakes/github/fake-github.ts'

const ZENDESK = { email: 'bot@example.com', apiToken: 'zd-bench-token' }
const GITHUB_TOKEN = 'ghp_benchTokenForTheFakeOnly000000000000'

export interface Fakes {
  pagerduty: FakePagerDuty
  zendesk: FakeZendesk
  github: FakeGitHub
  env: Record<string, string>
  close (): Promise<void>
}

/** Chat users whose emails are the fake PagerDuty's users (its "from" for writes). */
export const PAGERDUTY_USERS: Record<string, string> = { alice: 'alice@example.com', bob: 'bob@example.com' }

export async function startFakes (): Promise<Fakes> {
  // No spec validation: the tests check the fakes' answers; here it would only add cost.
  const pagerduty = await startFakePagerDuty({ spec: null })
  const zendesk = await startFakeZendesk({ credentials: ZENDESK })
  const github = await startFakeGitHub({ token: GITHUB_TOKEN, rateLimiting: false })
  return {
    pagerduty,
    zendesk,
    github,
    env: {
      HUBOT_PAGERDUTY_API_KEY: pagerduty.token,
      HUBOT_PAGERDUTY_API_URL: pagerduty.url,
      HUBOT_PAGERDUTY_SERVICE_ID: 'PSVCWEB',
      HUBOT_ZENDESK_URL: zendesk.url,
      HUBOT_ZENDESK_EMAIL: ZENDESK.email,
      HUBOT_ZENDESK_TOKEN: ZENDESK.apiToken,
      HUBOT_GITHUB_TOKEN: github.token,
      HUBOT_GITHUB_API: github.url,
      HUBOT_GITHUB_ORG: 'acme'
    },
    async close () { await Promise.all([pagerduty.close(), zendesk.close(), github.close()]) }
  }
}
