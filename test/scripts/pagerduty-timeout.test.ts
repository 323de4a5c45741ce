// A PagerDuty timeout reaches chat as the timeout sentence. Before, the transport logged
// the abort error, a DOMException whose `message` cannot be assigned, and the logger threw
// while redacting it: the timeout ServiceError was never thrown and chat said "something
// went wrong". Inside jest a DOMException is not an Error of the test's realm, which hid
// the throw, so the chat-level check runs the real entry point as a process.
import { afterEach, expect, test } from '@jest/globals'
import { runMain } from '../helpers/process.ts'
import { startFakePagerDuty, type FakePagerDuty } from '../fakes/pagerduty/fake-pagerduty.ts'
import { startPagerDutyBot, type PagerDutyBot } from './pagerduty-harness.ts'

let pd: PagerDutyBot | undefined
let fake: FakePagerDuty | undefined
afterEach(async () => { await pd?.stop(); await fake?.close(); pd = undefined; fake = undefined })

test('a timeout is logged with the abort error\'s name and message (not an empty object)', async () => {
  pd = await startPagerDutyBot({ HUBOT_PAGERDUTY_TIMEOUT: '200ms' })
  pd.fake.failNext('hang')
  expect(await pd.say('alice', 'hubot pager incidents')).toBe('alice: PagerDuty: no answer within 0.2 s (try again shortly; if it keeps happening, check the service status page)')
  const line = pd.bot.logs.lines.find(l => l.msg === 'PagerDuty request failed')
  expect(line?.err).toMatchObject({ name: 'TimeoutError', message: expect.stringContaining('timeout') })
})

test('in the real process, a PagerDuty timeout reaches chat as the timeout sentence', async () => {
  fake = await startFakePagerDuty()
  fake.failNext('hang')
  const run = await runMain(['-d'], 'pager incidents\n', {
    env: { HUBOT_PAGERDUTY_API_KEY: fake.token, HUBOT_PAGERDUTY_API_URL: fake.url, HUBOT_PAGERDUTY_TIMEOUT: '300ms' }
  })
  expect(run.code).toBe(0)
  expect(run.stdout).toContain('PagerDuty: no answer within 0.3 s (try again shortly; if it keeps happening, check the service status page)')
  expect(run.stdout).not.toContain('something went wrong')
  expect(run.stderr).not.toContain('error handler failed')
})
