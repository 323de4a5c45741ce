// PagerDuty v3 incident events (fixtures built from PagerDuty's v3 webhook documentation:
// test/fixtures/webhooks/README.md) over real HTTP: each announced in HUBOT_PAGERDUTY_ROOM
// with its number, title, service, assignees and link; a secret being rotated (two
// signatures) passes; retries (same X-Webhook-Id) are announced once.
import { afterEach, describe, expect, test } from '@jest/globals'
import { startTestBot, type TestBot } from '../helpers/bot.ts'
import { pagerDutySignature, post } from '../helpers/webhooks.ts'
import { fixture } from '../http/webhook-deliveries.ts'

const SECRET = 'pd-subscription-secret'
let bot: TestBot | undefined
afterEach(async () => { await bot?.stop(); bot = undefined })

async function pdBot (): Promise<TestBot> {
  bot = await startTestBot({ httpd: true, scripts: ['notify-pagerduty.ts'], env: { HUBOT_PAGERDUTY_WEBHOOK_SECRET: SECRET, HUBOT_PAGERDUTY_ROOM: '#incidents' } })
  return bot
}

let ids = 0
async function deliver (body: string, signature = pagerDutySignature(body, SECRET), webhookId = `wh-${++ids}`): Promise<{ status: number, said: Array<{ room: string, text: string }> }> {
  const b = bot!
  const before = b.adapter.said.length
  const res = await post(b, '/hubot/pagerduty', body, { 'x-pagerduty-signature': signature, 'x-webhook-id': webhookId, 'x-webhook-subscription': 'PSUBSCR', 'user-agent': 'PagerDuty-Webhook/V3.0' })
  await b.context.work.idle()
  return { status: res.status, said: b.adapter.said.slice(before).map(s => ({ room: s.room, text: s.text })) }
}

const LINK = 'https://acme.pagerduty.com/incidents/PGR0VU2'

describe('incident events', () => {
  test.each([
    ['incident.triggered', `PagerDuty incident #2 triggered (high urgency): "A little bump in the road" on API Service, assigned to User 123: ${LINK}`],
    ['incident.acknowledged', `PagerDuty incident #2 acknowledged by Tenex Engineer: "A little bump in the road" on API Service, assigned to User 123: ${LINK}`],
    ['incident.escalated', `PagerDuty incident #2 escalated to Maeve: "A little bump in the road" on API Service: ${LINK}`],
    ['incident.reassigned', `PagerDuty incident #2 reassigned to Maeve by Tenex Engineer: "A little bump in the road" on API Service: ${LINK}`],
    ['incident.resolved', `PagerDuty incident #2 resolved by Tenex Engineer: "A little bump in the road" on API Service, assigned to Maeve: ${LINK}`]
  ])('%s', async (type, text) => {
    await pdBot()
    expect(await deliver(fixture(`pagerduty/${type}.json`))).toEqual({ status: 202, said: [{ room: '#incidents', text }] })
  })

  test('other event types (the documentation\'s incident.priority_updated example) are acknowledged and not announced', async () => {
    await pdBot()
    expect(await deliver(fixture('pagerduty/incident.priority_updated.json'))).toEqual({ status: 200, said: [] })
  })

  test('an incident with nobody assigned says so', async () => {
    await pdBot()
    const body = JSON.parse(fixture('pagerduty/incident.triggered.json'))
    body.event.data.assignees = []
    expect((await deliver(JSON.stringify(body))).said[0].text).toContain(', assigned to nobody: ')
  })
})

describe('signatures and retries', () => {
  test('during a secret rotation, either of the two signatures passes', async () => {
    await pdBot()
    const body = fixture('pagerduty/incident.triggered.json')
    expect((await deliver(body, pagerDutySignature(body, 'the-old-secret', SECRET))).status).toBe(202)
    expect((await deliver(body, pagerDutySignature(body, SECRET, 'the-new-secret'))).status).toBe(202)
    expect((await deliver(body, pagerDutySignature(body, 'the-old-secret', 'the-new-secret'))).status).toBe(401)
  })

  test('a retry keeps X-Webhook-Id and is announced once; deliveries sharing only the subscription are each announced', async () => {
    await pdBot()
    const body = fixture('pagerduty/incident.acknowledged.json')
    expect((await deliver(body, undefined, 'retry-me')).said).toHaveLength(1)
    expect(await deliver(body, undefined, 'retry-me')).toEqual({ status: 200, said: [] })
    expect((await deliver(fixture('pagerduty/incident.resolved.json'))).said).toHaveLength(1)
  })

  test('a body that is not a v3 webhook is a 400 (PagerDuty does not retry those)', async () => {
    await pdBot()
    const v2 = JSON.stringify({ messages: [{ event: 'incident.trigger', incident: { id: 'PIJ90N7' } }] })
    expect((await deliver(v2)).status).toBe(400)
    expect(bot!.said()).toEqual([])
  })
})
