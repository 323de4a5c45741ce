// A held PagerDuty command whose precheck cannot ask PagerDuty (the key is rejected, or
// PagerDuty fails) says why at once: nobody is asked to approve a command that cannot run.
// Service ids are checked too (before, an id skipped every lookup, so a maintenance on
// PSVCWEB was put up for approval with a rejected key or PagerDuty down).
import { afterEach, describe, expect, test } from '@jest/globals'
import { startPagerDutyBot, type PagerDutyBot } from './pagerduty-harness.ts'

let pd: PagerDutyBot | undefined
afterEach(async () => { await pd?.stop(); pd = undefined })

const REJECTED = 'alice: PagerDuty: rejected the API key (HTTP 401) (check the API key the bot is configured with)'
const FAILED = 'alice: PagerDuty: it answered HTTP 500 (try again shortly; if it keeps happening, check the service status page)'

async function heldBot (): Promise<PagerDutyBot> {
  const bot = await startPagerDutyBot({ HUBOT_APPROVAL_RULES: '' }, ['pagerduty.ts', 'approvals.ts'])
  bot.bot.robot.brain.userForId('carol').roles = ['oncall']
  return bot
}

describe('maintenance precheck when PagerDuty fails', () => {
  test.each([
    ['a service id', 'PSVCWEB', 401, REJECTED],
    ['a service id', 'PSVCWEB', 500, FAILED],
    ['a service name', 'web', 401, REJECTED],
    ['a service name', 'web', 500, FAILED],
    ['a name and an id', 'web PSVCDB1', 500, FAILED]
  ])('%s (%s), PagerDuty answers %i: the service error, no approval request', async (_what, services, status, expected) => {
    pd = await heldBot()
    pd.fake.failNext({ status }, 5)
    expect(await pd.bot.say('alice', `hubot pager maintenance 30 ${services}`)).toEqual([expected])
    expect(await pd.bot.context.store.keys('approval:req:')).toEqual([])
    expect(pd.requests()).toEqual(['GET /services'])
  })

  test('an id PagerDuty does not know is refused before approval', async () => {
    pd = await heldBot()
    expect(await pd.bot.say('alice', 'hubot pager maintenance 30 PSVCWEB PNOPE12')).toEqual(['alice: No service has the id PNOPE12. Check it (say "pager services" to list them).'])
    expect(await pd.bot.context.store.keys('approval:req:')).toEqual([])
  })

  test('known ids are asked for approval, and the approved run makes just the window (the list is remembered)', async () => {
    pd = await heldBot()
    const [asked] = await pd.bot.say('alice', 'hubot pager maintenance 30 PSVCWEB PSVCDB1')
    expect(asked).toContain("1 approval needed from 'oncall'")
    expect(pd.requests()).toEqual(['GET /services'])
    await pd.bot.say('carol', `hubot approve ${/approve ([A-Z2-9]{6})/.exec(asked)![1]}`)
    expect(pd.requests()).toEqual(['POST /maintenance_windows'])
    expect(pd.fake.state.maintenance_windows.map(w => (w.services as Array<{ id: string }>).map(s => s.id))).toEqual([['PSVCWEB', 'PSVCDB1']])
  })
})
