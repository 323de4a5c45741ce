// The PagerDuty list cache (names of schedules, services, users and policies, keyed by
// what was typed) stays bounded: at most NAME_CACHE_MAX lists, the least recently used
// going first, each still forgotten after its five minutes.
import { afterEach, expect, test } from '@jest/globals'
import { NAME_CACHE_MAX, pagerDutyFor } from '../../src/services/pagerduty/for-robot.ts'
import { ManualClock, startTestBot, type TestBot } from '../helpers/bot.ts'

let bot: TestBot | undefined
afterEach(async () => { await bot?.stop(); bot = undefined })

async function startPagerDuty (): Promise<{ pd: ReturnType<typeof pagerDutyFor>, clock: ManualClock, ask: (key: string) => Promise<boolean> }> {
  const clock = new ManualClock()
  // The API is never called: every list here comes from the test's own load.
  bot = await startTestBot({ scripts: ['pagerduty.ts'], clock, env: { HUBOT_PAGERDUTY_API_KEY: 'test-key', HUBOT_PAGERDUTY_API_URL: 'http://127.0.0.1:9' } })
  const pd = pagerDutyFor(bot.robot)
  /** Asks for `key`; true when the list had to be loaded (not remembered). */
  const ask = async (key: string): Promise<boolean> => {
    let loaded = false
    await pd.cached(key, async () => { loaded = true; return [key] })
    return loaded
  }
  return { pd, clock, ask }
}

test('past the cap the least recently used list is forgotten; one asked for again is kept', async () => {
  const { ask } = await startPagerDuty()
  for (let i = 0; i < NAME_CACHE_MAX; i++) expect(await ask(`schedules:name ${i}`)).toBe(true)
  // All remembered, and asking again makes "name 0" the most recently used.
  expect(await ask('schedules:name 0')).toBe(false)
  expect(await ask('schedules:one more')).toBe(true)
  // "name 1" was the least recently used: gone. "name 0" and the rest are still there.
  expect(await ask('schedules:name 0')).toBe(false)
  expect(await ask(`schedules:name ${NAME_CACHE_MAX - 1}`)).toBe(false)
  expect(await ask('schedules:name 1')).toBe(true)
  // That load pushed out the next least recently used: "name 2".
  expect(await ask('schedules:name 2')).toBe(true)
})

test('ten thousand different names typed keep at most the cap, and the latest are remembered', async () => {
  const { ask } = await startPagerDuty()
  for (let i = 0; i < 10_000; i++) await ask(`users:someone ${i}`)
  let remembered = 0
  // Newest first, so looking them up does not push out those not yet looked at.
  for (let i = 9_999; i >= 0; i--) if (!(await ask(`users:someone ${i}`))) remembered++
  expect(remembered).toBe(NAME_CACHE_MAX)
})

test('a list is still reloaded after five minutes, and a failed load is not remembered', async () => {
  const { pd, clock, ask } = await startPagerDuty()
  expect(await ask('services:web')).toBe(true)
  clock.advance(5 * 60_000 - 1)
  expect(await ask('services:web')).toBe(false)
  clock.advance(1)
  expect(await ask('services:web')).toBe(true)
  await expect(pd.cached('services:db', async () => { throw new Error('PagerDuty said no') })).rejects.toThrow('PagerDuty said no')
  expect(await ask('services:db')).toBe(true)
})
