// The fake PagerDuty checks every request body against PagerDuty's request schemas, not
// only by its hand-written rules: an invented or mistyped field is refused with a 400 that
// names it, and every body the bot sends passes. Runs in CI (REQUIRE_SPECS=1); elsewhere
// skips with a printed reason when the specs folder is missing.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { startFakePagerDuty, type FakePagerDuty } from '../fakes/pagerduty/fake-pagerduty.ts'
import { pagerDutySpec } from '../fakes/pagerduty/spec.ts'
import { startPagerDutyBot } from '../scripts/pagerduty-harness.ts'

const spec = pagerDutySpec()
const maybe = spec == null ? describe.skip : describe

let fake: FakePagerDuty
beforeAll(async () => { if (spec != null) fake = await startFakePagerDuty() })
afterAll(async () => { await fake?.close() })

async function send (method: string, url: string, body: unknown): Promise<{ status: number, errors: string[] }> {
  const res = await fetch(fake.url + url, {
    method,
    headers: { Authorization: `Token token=${fake.token}`, 'Content-Type': 'application/json', From: 'alice@example.com' },
    body: JSON.stringify(body)
  })
  const json = await res.json() as { error?: { errors?: string[] } }
  return { status: res.status, errors: json.error?.errors ?? [] }
}

const SERVICE = { id: 'PSVCWEB', type: 'service_reference' }

maybe('request bodies by the spec', () => {
  test('an invented field is refused with a 400 naming it, at any depth; nothing is created', async () => {
    const before = fake.state.incidents.length
    const top = await send('POST', '/incidents', { incident: { type: 'incident', title: 'x', service: SERVICE, urgancy: 'high' } })
    expect(top).toEqual({ status: 400, errors: ["fake PagerDuty, by the spec's request schema: /incident must NOT have unevaluated properties: urgancy"] })
    const nested = await send('POST', '/schedules/PSCHPRI/overrides', { overrides: [{ start: '2026-11-25T12:00:00Z', end: '2026-11-25T13:00:00Z', user: { id: 'PCAROL3', type: 'user_reference', email: 'carol@example.com' } }] })
    expect(nested.status).toBe(400)
    expect(nested.errors.join()).toContain('/overrides/0/user must NOT have unevaluated properties: email')
    expect(fake.state.incidents).toHaveLength(before)
  })

  test('a wrong type or value the hand-written rules do not model is refused too', async () => {
    const urgency = await send('POST', '/incidents', { incident: { type: 'incident', title: 'x', service: SERVICE, urgency: 'urgent' } })
    expect(urgency.status).toBe(400)
    expect(urgency.errors.join()).toContain('/incident/urgency must be equal to one of the allowed values')
    const priority = await send('POST', '/incidents', { incident: { type: 'incident', title: 'x', service: SERVICE, priority: 'P1' } })
    expect(priority.status).toBe(400)
    expect(priority.errors.join()).toContain('/incident/priority must be object')
  })

  test('a valid body still passes both checks', async () => {
    expect((await send('POST', '/incidents/PINC101/notes', { note: { content: 'checking' } })).status).toBe(200)
  })

  test('every body the bot sends passes: no 400 from the fake during a transcript of every write command', async () => {
    const pd = await startPagerDutyBot()
    try {
      for (const c of ['pager ack 101', 'pager ack!', 'pager resolve 102', 'pager resolve!', 'pager note 101 hi', 'pager trigger bob disk full',
        'pager trigger "Primary On-Call" x', 'pager trigger "Web Escalation" y', 'pager maintenance 30 web PSVCDB1', 'pager me primary 60']) {
        await pd.bot.say('alice', `hubot ${c}`)
      }
      const writes = pd.fake.responses.filter(r => r.method !== 'GET')
      expect(writes.map(r => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining(['PUT /incidents', 'POST /incidents', 'POST /incidents/PINC101/notes', 'POST /maintenance_windows', 'POST /schedules/PSCHPRI/overrides']))
      expect(writes.filter(r => r.status === 400)).toEqual([])
    } finally {
      await pd.stop()
    }
  })
})
