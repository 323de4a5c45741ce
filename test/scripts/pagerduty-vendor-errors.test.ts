// What a vendor says when it fails reaches chat only redacted, as the logs are: a
// PagerDuty 400 whose message repeated the API key showed the key in chat. The key has no
// recognisable shape, so the configured secret values themselves are replaced.
import { afterEach, expect, test } from '@jest/globals'
import { startPagerDutyBot, type PagerDutyBot } from './pagerduty-harness.ts'

// Shaped like a PagerDuty REST key: no prefix or "token=" for a pattern to find.
const API_KEY = 'u+Kq9Zs2pLmXw7yTcB4d'

let pd: PagerDutyBot | undefined
afterEach(async () => { await pd?.stop(); pd = undefined })

test('a 400 whose message repeats the API key: the key is in no reply and no log line', async () => {
  pd = await startPagerDutyBot({ HUBOT_PAGERDUTY_API_KEY: API_KEY })
  pd.fake.failNext({ status: 400, body: { error: { message: `Invalid Input Provided for key ${API_KEY}`, code: 2001, errors: [`Token ${API_KEY} may not list incidents`] } } })
  const reply = await pd.say('alice', 'hubot pager incidents')
  expect(reply).toBe('alice: PagerDuty: it refused the request (HTTP 400: Invalid Input Provided for key [REDACTED]: Token [REDACTED] may not list incidents) (check the command and try again)')
  expect(pd.bot.said().join('\n')).not.toContain(API_KEY)
  expect(pd.bot.logs.raw).not.toContain(API_KEY)
})

test('the error sink redacts configured secret values from any sentence, whatever threw it', async () => {
  pd = await startPagerDutyBot({ HUBOT_PAGERDUTY_API_KEY: API_KEY, EXPRESS_USER: 'ops', EXPRESS_PASSWORD: 'correct-horse-battery' })
  const { BotError, ServiceError } = await import('../../src/core/errors.ts')
  pd.bot.robot.respond(/leak bot$/i, { id: 'test.leak-bot' }, async () => { throw new BotError('bad_input', `bad key ${API_KEY} and password correct-horse-battery`) })
  pd.bot.robot.respond(/leak service$/i, { id: 'test.leak-service' }, async () => { throw new ServiceError('Vendor', 'bad_request', `said Bearer abcdefgh123 and ${API_KEY}`) })
  expect(await pd.say('alice', 'hubot leak bot')).toBe('alice: bad key [REDACTED] and password [REDACTED]')
  expect(await pd.say('alice', 'hubot leak service')).toBe('alice: Vendor: said Bearer [REDACTED] and [REDACTED] (check the command and try again)')
  // The sink logs each error too: the configured values are redacted in the log as well.
  expect(pd.bot.logs.lines.filter(l => l.msg === 'command failed')).toHaveLength(2)
  for (const planted of ['abcdefgh123', API_KEY, 'correct-horse-battery']) expect(pd.bot.logs.raw).not.toContain(planted)
})
