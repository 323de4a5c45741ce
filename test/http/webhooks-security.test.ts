// Every webhook route over real HTTP: a valid delivery is announced once; a forged,
// tampered, unsigned, stale (Zendesk) or replayed one is refused or ignored, announces
// nothing, and the refusal is logged with its reason. Valid deliveries pass with basic
// auth on, which still guards every other route.
import { afterEach, describe, expect, test } from '@jest/globals'
import { ManualClock, startTestBot, type TestBot } from '../helpers/bot.ts'
import { post } from '../helpers/webhooks.ts'
import { ALL_ENV, ALL_SCRIPTS, SECRETS, validDelivery, type Built, type Vendor } from './webhook-deliveries.ts'

let bot: TestBot | undefined
afterEach(async () => { await bot?.stop(); bot = undefined })

const VENDORS: Vendor[] = ['github', 'pagerduty', 'zendesk', 'ci']
const SIGNATURE: Record<Vendor, string> = {
  github: 'x-hub-signature-256', pagerduty: 'x-pagerduty-signature', zendesk: 'x-zendesk-webhook-signature', ci: 'authorization'
}

async function allBot (clock: ManualClock, env: Record<string, string> = {}): Promise<TestBot> {
  bot = await startTestBot({ httpd: true, clock, scripts: ALL_SCRIPTS, env: { ...ALL_ENV, ...env } })
  return bot
}

async function send (b: TestBot, d: Built): Promise<{ status: number, body: Record<string, unknown> }> {
  const res = await post(b, d.path, d.body, d.headers)
  await b.context.work.idle()
  return res
}

const rejections = (b: TestBot): unknown[] => b.logs.lines.filter(l => typeof l.msg === 'string' && l.msg.endsWith('webhook delivery rejected')).map(l => [l.webhook, l.reason])

describe.each(VENDORS)('%s', (vendor) => {
  test('a valid delivery is accepted (202) and announced once; replayed, it is a duplicate (200) and announces nothing', async () => {
    const clock = new ManualClock()
    const b = await allBot(clock)
    const d = await validDelivery(vendor, clock.now())
    expect(await send(b, d)).toEqual({ status: 202, body: { status: 'accepted' } })
    expect(b.said()).toHaveLength(1)
    expect(await send(b, d)).toEqual({ status: 200, body: { status: 'duplicate' } })
    clock.advance(60_000) // a replay a minute later (inside Zendesk's 5 minutes) is still a duplicate
    expect(await send(b, d)).toEqual({ status: 200, body: { status: 'duplicate' } })
    expect(b.said()).toHaveLength(1)
  })

  test('forged (another secret), tampered (body changed after signing) and unsigned deliveries: 401, logged with the reason, nothing announced', async () => {
    const clock = new ManualClock()
    const b = await allBot(clock)
    const forged = await validDelivery(vendor, clock.now(), vendor === 'ci' ? 'not-the-token-0123456789' : 'not-the-secret')
    const good = await validDelivery(vendor, clock.now())
    // A bearer token does not sign the body: for CI a changed body is no forgery, so its tampered case is a changed token.
    const tampered: Built = vendor === 'ci'
      ? { ...good, headers: { authorization: `${good.headers.authorization}x` } }
      : { ...good, body: good.body.replace(/"(Codertocat|A little bump in the road|Printer on fire)"/, '"$1!"') }
    expect(tampered).not.toEqual(good)
    const { [SIGNATURE[vendor]]: _, ...unsignedHeaders } = good.headers
    const unsigned: Built = { ...good, headers: unsignedHeaders }

    for (const d of [forged, tampered, unsigned]) {
      const res = await send(b, d)
      expect(res.status).toBe(401)
      expect(res.body).toMatchObject({ error: 'unauthorized', reason: expect.any(String) })
    }
    expect(b.said()).toEqual([])
    expect(rejections(b)).toEqual([
      [vendor, expect.stringMatching(/match/)],
      [vendor, expect.stringMatching(/match/)],
      [vendor, expect.stringMatching(/^no \S+ header$/)]
    ])
    // The genuine delivery still goes through afterwards.
    expect((await send(b, good)).status).toBe(202)
    expect(b.said()).toHaveLength(1)
  })
})

describe('Zendesk timestamps', () => {
  test('a delivery signed more than 5 minutes before the bot\'s clock (a captured one replayed) or after it is refused', async () => {
    const clock = new ManualClock()
    const b = await allBot(clock)
    const stale = await validDelivery('zendesk', clock.now() - 5 * 60_000 - 1000)
    const ahead = await validDelivery('zendesk', clock.now() + 6 * 60_000)
    expect(await send(b, stale)).toEqual({ status: 401, body: { error: 'unauthorized', reason: 'signed 301 s ago, more than 5 minutes: a replay, or a clock that is off' } })
    expect((await send(b, ahead)).status).toBe(401)
    expect(b.said()).toEqual([])
    const fresh = await validDelivery('zendesk', clock.now() - 4 * 60_000)
    expect((await send(b, fresh)).status).toBe(202)
  })
})

describe('basic auth', () => {
  test('with EXPRESS_USER set, valid deliveries still pass without credentials (any case, trailing slash); other routes still need them', async () => {
    const clock = new ManualClock()
    const b = await allBot(clock, { EXPRESS_USER: 'ops', EXPRESS_PASSWORD: 'http-password-1' })
    b.robot.router.post('/hubot/private', (_req, res) => { res.json({ ok: true }) })
    for (const vendor of VENDORS) {
      const d = await validDelivery(vendor, clock.now())
      expect([vendor, (await send(b, d)).status]).toEqual([vendor, 202])
    }
    const upper = await validDelivery('github', clock.now())
    expect((await send(b, { ...upper, path: '/hubot/GitHub/' })).status).toBe(202)
    expect(b.said()).toHaveLength(5)
    expect((await post(b, '/hubot/private', '{}', {})).status).toBe(401)
    expect((await post(b, '/hubot/private', '{}', { authorization: `Basic ${Buffer.from('ops:http-password-1').toString('base64')}` })).status).toBe(200)
    // A forged webhook is still refused by its own check.
    expect((await send(b, await validDelivery('github', clock.now(), 'wrong'))).status).toBe(401)
  })

  test('no secret or password appears in a response or a log line', async () => {
    const clock = new ManualClock()
    const b = await allBot(clock, { EXPRESS_USER: 'ops', EXPRESS_PASSWORD: 'http-password-1' })
    for (const vendor of VENDORS) {
      await send(b, await validDelivery(vendor, clock.now()))
      await send(b, await validDelivery(vendor, clock.now(), vendor === 'ci' ? 'wrong-token-0123456789' : 'wrong'))
    }
    for (const secret of Object.values(SECRETS)) expect(b.logs.raw).not.toContain(secret)
  })
})
