// Two bot processes on one Redis (same key prefix), the same delivery sent to both at the
// same moment (a vendor retrying against a load balancer): exactly one accepts and
// announces it, the other answers "duplicate"; the record lasts 24 hours.
import { afterEach, describe, expect, test } from '@jest/globals'
import { ManualClock, startTestBot, type TestBot } from '../helpers/bot.ts'
import { redisUrlOrSkip, uniquePrefix } from '../helpers/requirements.ts'
import { cleanUp, keysUnder, redisClient } from '../helpers/redis.ts'
import { commitsAnnounced, post } from '../helpers/webhooks.ts'
import { RedisStore } from '../../src/store/index.ts'
import { quit } from '../../src/store/redis-client.ts'
import { ALL_ENV, ALL_SCRIPTS, validDelivery, type Vendor } from './webhook-deliveries.ts'

const redisUrl = await redisUrlOrSkip()
const bots: TestBot[] = []
const prefixes: string[] = []
afterEach(async () => {
  for (const b of bots.splice(0)) await b.stop()
  if (redisUrl != null) for (const p of prefixes.splice(0)) await cleanUp(redisUrl, p)
})

async function twoProcesses (clock: ManualClock): Promise<[TestBot, TestBot, string]> {
  const prefix = uniquePrefix('webhook-dedupe')
  prefixes.push(prefix)
  const start = async (name: string): Promise<TestBot> => await startTestBot({
    httpd: true, clock, scripts: ALL_SCRIPTS, env: ALL_ENV, store: new RedisStore(redisClient(redisUrl!, name), prefix)
  })
  const a = await start('webhook-a')
  const b = await start('webhook-b')
  bots.push(a, b)
  return [a, b, prefix]
}

const maybe = redisUrl == null ? describe.skip : describe
maybe('dedupe across two bot processes on one Redis', () => {
  test.each<Vendor>(['github', 'pagerduty', 'zendesk', 'ci'])('%s: one delivery sent to both at once is announced by exactly one', async (vendor) => {
    const clock = new ManualClock(Date.now())
    const [a, b, prefix] = await twoProcesses(clock)
    for (let round = 0; round < 5; round++) {
      const d = await validDelivery(vendor, clock.now())
      const answers = await Promise.all([post(a, d.path, d.body, d.headers), post(b, d.path, d.body, d.headers)])
      expect(answers.map(r => r.status).sort()).toEqual([200, 202])
      expect(answers.find(r => r.status === 200)?.body).toEqual({ status: 'duplicate' })
    }
    await Promise.all([a.context.work.idle(), b.context.work.idle()])
    // GitHub pushes are coalesced per repository: count their commits (one each) instead of messages.
    const said = [...a.said(), ...b.said()]
    expect(vendor === 'github' ? commitsAnnounced(said) : said.length).toBe(5)

    const client = redisClient(redisUrl!, 'webhook-check')
    const keys = await keysUnder(client, `${prefix}kv:webhook:${vendor}:`)
    expect(keys).toHaveLength(5)
    const ttl = await client.pttl(keys[0])
    expect(ttl).toBeGreaterThan(24 * 3_600_000 - 60_000)
    expect(ttl).toBeLessThanOrEqual(24 * 3_600_000)
    await quit(client)
  })
})
