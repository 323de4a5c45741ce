// Zendesk trigger webhooks over real HTTP: the README's trigger bodies (new ticket, priority
// raised to urgent) announced in HUBOT_ZENDESK_ROOM; any other body shape answered 400 with
// the expected one; a replay (same invocation) announced once.
import { afterEach, describe, expect, test } from '@jest/globals'
import { ManualClock, startTestBot, type TestBot } from '../helpers/bot.ts'
import { post, zendeskSignature } from '../helpers/webhooks.ts'
import { fixture } from '../http/webhook-deliveries.ts'
import { ZENDESK_TRIGGER_BODY } from '../../src/http/webhooks/zendesk.ts'

const SECRET = 'zendesk-signing-secret'
let bot: TestBot | undefined
const clock = new ManualClock()
afterEach(async () => { await bot?.stop(); bot = undefined })

async function zdBot (): Promise<TestBot> {
  bot = await startTestBot({ httpd: true, clock, scripts: ['notify-zendesk.ts'], env: { HUBOT_ZENDESK_WEBHOOK_SECRET: SECRET, HUBOT_ZENDESK_ROOM: 'support' } })
  return bot
}

let invocations = 0
async function deliver (body: string, invocation = String(++invocations)): Promise<{ status: number, body: Record<string, unknown>, said: string[] }> {
  const b = bot!
  const before = b.adapter.said.length
  const timestamp = new Date(clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z')
  const res = await post(b, '/hubot/zendesk', body, {
    'x-zendesk-webhook-id': '01F1KRFQ6BG29CNWFR60NK5FNY', 'x-zendesk-webhook-invocation-id': invocation,
    'x-zendesk-webhook-signature-timestamp': timestamp, 'x-zendesk-webhook-signature': zendeskSignature(body, timestamp, SECRET)
  })
  await b.context.work.idle()
  return { ...res, said: b.said().slice(before) }
}

/** The README's trigger body as Zendesk renders it for a ticket. */
function rendered (event: 'created' | 'urgent', t: { id: number, title: string, priority: string, status: string, link: string }): string {
  return ZENDESK_TRIGGER_BODY(event).replace('{{ticket.id}}', String(t.id)).replace('{{ticket.title}}', t.title)
    .replace('{{ticket.priority}}', t.priority).replace('{{ticket.status}}', t.status).replace('{{ticket.link}}', t.link)
}

describe('announcements', () => {
  test('a new ticket: number, priority, status, subject and link', async () => {
    await zdBot()
    expect(await deliver(fixture('zendesk/created.json').trim())).toMatchObject({
      status: 202, said: ['New Zendesk ticket #35436 (urgent, new): "Printer on fire": https://acme.zendesk.com/agent/tickets/35436']
    })
  })

  test('priority raised to urgent (a scheme-less {{ticket.url}} link gets https://)', async () => {
    await zdBot()
    expect((await deliver(fixture('zendesk/urgent.json').trim())).said).toEqual(['Zendesk ticket #35437 raised to urgent (open): "Checkout page is blank": https://acme.zendesk.com/agent/tickets/35437'])
  })

  test('the README\'s trigger body, rendered, is accepted; a ticket without priority says so', async () => {
    await zdBot()
    const body = rendered('created', { id: 7, title: 'Cannot log in', priority: '-', status: 'New', link: 'https://acme.zendesk.com/agent/tickets/7' })
    expect((await deliver(body)).said).toEqual(['New Zendesk ticket #7 (no priority, new): "Cannot log in": https://acme.zendesk.com/agent/tickets/7'])
  })

  test('the same invocation delivered twice is announced once', async () => {
    await zdBot()
    const body = fixture('zendesk/created.json').trim()
    expect((await deliver(body, 'inv-1')).status).toBe(202)
    clock.advance(30_000)
    expect(await deliver(body, 'inv-1')).toEqual({ status: 200, body: { status: 'duplicate' }, said: [] })
  })
})

describe('other shapes', () => {
  test.each([
    ['Zendesk\'s event-subscription payload', JSON.stringify({ type: 'zen:event-type:ticket.created', account_id: 1, detail: { id: '35436' } })],
    ['an unknown event', JSON.stringify({ event: 'solved', ticket: { id: 1, subject: 's', priority: 'low', status: 'solved', url: 'https://acme.zendesk.com/agent/tickets/1' } })],
    ['an extra field', JSON.stringify({ event: 'created', ticket: { id: 1, subject: 's', priority: 'low', status: 'new', url: 'https://acme.zendesk.com/agent/tickets/1', tags: 'x' } })],
    ['a missing field', JSON.stringify({ event: 'created', ticket: { id: 1, subject: 's' } })],
    ['not JSON', 'ticket 1 created']
  ])('%s: 400 naming the expected body, nothing announced', async (_name, body) => {
    await zdBot()
    const res = await deliver(body)
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ error: 'bad request', expected: '{"event":"created"|"urgent","ticket":{"id":<ticket number>,"subject":"...","priority":"...","status":"...","url":"https://..."}}' })
    expect(res.said).toEqual([])
  })
})
