// PagerDuty answering a success without the body the command needs is the vendor's
// failure: chat says so and what to do, the log has one warning, nothing at error.
import { afterEach, expect, test } from '@jest/globals'
import { startPagerDutyBot, type PagerDutyBot } from './pagerduty-harness.ts'

let pd: PagerDutyBot | undefined
afterEach(async () => { await pd?.stop(); pd = undefined })

test('a 204 where a list was expected: a PagerDuty sentence, one warning with the listener id', async () => {
  pd = await startPagerDutyBot()
  pd.fake.failNext({ status: 204 })
  expect(await pd.say('alice', 'hubot pager incidents')).toBe('alice: PagerDuty: it answered without a body (try again shortly; if it keeps happening, check the service status page)')
  expect(pd.bot.logs.lines.filter(l => l.msg === 'command failed')).toMatchObject([{ level: 40, service: 'PagerDuty', code: 'server', listener_id: 'pagerduty.incidents' }])
  expect(pd.bot.logs.lines.filter(l => Number(l.level) >= 50)).toEqual([])
})
