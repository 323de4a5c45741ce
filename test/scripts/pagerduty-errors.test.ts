// Every error class reaches chat as one sentence saying what went wrong and what to do:
// not configured, rejected key, unknown incident, rate limits (waited out, then reported),
// timeouts, 5xx, unreachable. No token in chat or logs.
import { afterEach, describe, expect, test } from '@jest/globals'
import { startTestBot, type TestBot } from '../helpers/bot.ts'
import { startPagerDutyBot, type PagerDutyBot } from './pagerduty-harness.ts'

let pd: PagerDutyBot | undefined
let plain: TestBot | undefined
afterEach(async () => { await pd?.stop(); await plain?.stop(); pd = undefined; plain = undefined })

const NOT_CONFIGURED = "alice: PagerDuty isn't configured: set HUBOT_PAGERDUTY_API_KEY (PagerDuty > Integrations > API Access Keys)"

test('without HUBOT_PAGERDUTY_API_KEY every command says how to configure it', async () => {
  plain = await startTestBot({ scripts: ['pagerduty.ts'], env: { HUBOT_APPROVAL_RULES: '{"pagerduty.*": null}' } })
  for (const command of ['pager incidents', "who's on call", 'pager ack 1', 'pager trigger bob x', 'pager me primary 30', 'am I on call', 'pager forget me']) {
    expect(await plain.say('alice', `hubot ${command}`)).toEqual([NOT_CONFIGURED])
  }
})

test('without the key, a privileged command says so at once instead of asking teammates to approve it', async () => {
  plain = await startTestBot({ scripts: ['pagerduty.ts', 'approvals.ts'] })
  for (const command of ['pager ack!', 'pager trigger bob x', 'pager maintenance 30 web']) {
    expect(await plain.say('alice', `hubot ${command}`)).toEqual([NOT_CONFIGURED])
  }
  expect(await plain.context.store.keys('approval:req:')).toEqual([])
})

describe('PagerDuty answers', () => {
  test('401: the key was rejected; the key is in no reply and no log line', async () => {
    pd = await startPagerDutyBot({ HUBOT_PAGERDUTY_API_KEY: 'u+wrong-key-1234' })
    expect(await pd.say('alice', 'hubot pager incidents')).toBe('alice: PagerDuty: rejected the API key (HTTP 401) (check the API key the bot is configured with)')
    expect(pd.bot.logs.raw).not.toContain('u+wrong-key-1234')
    expect(pd.bot.said().join('\n')).not.toContain('u+wrong-key-1234')
  })

  test('403 too', async () => {
    pd = await startPagerDutyBot()
    pd.fake.failNext({ status: 403 })
    expect(await pd.say('alice', "hubot who's on call")).toContain('PagerDuty: rejected the API key (HTTP 403)')
  })

  test('429 is waited out (ratelimit-reset) and retried: the answer comes', async () => {
    pd = await startPagerDutyBot()
    pd.fake.failNext({ status: 429, headers: { 'ratelimit-reset': '0' } }, 2)
    expect(await pd.say('alice', 'hubot pager incidents')).toMatch(/^3 open incidents/)
    expect(pd.requests()).toEqual(['GET /incidents', 'GET /incidents', 'GET /incidents'])
  })

  test('429 that persists is reported after a capped number of retries', async () => {
    pd = await startPagerDutyBot()
    pd.fake.failNext({ status: 429, headers: { 'ratelimit-reset': '0' } }, 5)
    expect(await pd.say('alice', 'hubot pager incidents')).toBe('alice: PagerDuty: it is rate limiting the bot (its limit resets in 0 s) (try again in a minute)')
    expect(pd.requests()).toHaveLength(3)
  })

  test('429 asking for a long wait is reported at once, not slept through', async () => {
    pd = await startPagerDutyBot()
    pd.fake.failNext({ status: 429, headers: { 'ratelimit-reset': '3600' } })
    expect(await pd.say('alice', 'hubot pager incidents')).toContain('PagerDuty: it is rate limiting the bot (its limit resets in 3600 s)')
    expect(pd.requests()).toHaveLength(1)
  })

  test('5xx is reported', async () => {
    pd = await startPagerDutyBot()
    pd.fake.failNext({ status: 503 })
    expect(await pd.say('alice', 'hubot pager ack 101')).toBe('alice: PagerDuty: it answered HTTP 503 (try again shortly; if it keeps happening, check the service status page)')
  })

  test('a 400 carries PagerDuty\'s own reason', async () => {
    pd = await startPagerDutyBot({ HUBOT_PAGERDUTY_FROM_EMAIL: 'ghost@example.com' })
    pd.bot.robot.brain.userForId('erin', { name: 'erin' })
    expect(await pd.say('erin', 'hubot pager note 101 hello')).toBe('erin: PagerDuty: it refused the request (HTTP 400: Invalid Input Provided: Requester User Not Found) (check the command and try again)')
  })

  test('a write as a caller whose chat email is not a PagerDuty user says how to fix it, and changes nothing', async () => {
    pd = await startPagerDutyBot({ HUBOT_PAGERDUTY_FROM_EMAIL: 'dave@example.com' })
    pd.bot.robot.brain.userForId('erin', { name: 'erin', email_address: 'erin@personal.example' })
    const expected = 'erin: PagerDuty has no user with the email erin@personal.example, so it cannot record you as the one acting: say "pager me as you@example.com" with your PagerDuty login email.'
    expect(await pd.say('erin', 'hubot pager ack 101')).toBe(expected)
    expect(await pd.say('erin', 'hubot pager note 101 looking')).toBe(expected)
    expect(pd.fake.requests.filter(r => r.method !== 'GET').map(r => r.headers.from)).toEqual(['erin@personal.example', 'erin@personal.example'])
    expect(pd.fake.state.incidents.find(i => i.id === 'PINC101')!.status).toBe('triggered')
  })

  test('a request that hangs times out (HUBOT_PAGERDUTY_TIMEOUT) and is reported', async () => {
    pd = await startPagerDutyBot({ HUBOT_PAGERDUTY_TIMEOUT: '200ms' })
    pd.fake.failNext('hang')
    expect(await pd.say('alice', 'hubot pager incidents')).toBe('alice: PagerDuty: no answer within 0.2 s (try again shortly; if it keeps happening, check the service status page)')
  })

  test('an unreachable API is reported', async () => {
    pd = await startPagerDutyBot({ HUBOT_PAGERDUTY_API_URL: 'http://127.0.0.1:9' })
    expect(await pd.say('alice', 'hubot pager incidents')).toBe('alice: PagerDuty: could not connect (try again shortly; the bot could not reach the service)')
  })
})
