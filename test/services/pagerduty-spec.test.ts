// Every fixture and every answer of the fake PagerDuty validates against PagerDuty's own
// OpenAPI description, strictly (no undeclared properties). Runs in CI (REQUIRE_SPECS=1);
// elsewhere skips when the specs folder is missing.
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { specsDirOrSkip } from '../helpers/requirements.ts'
import { loadSpecValidator, type SpecValidator } from '../helpers/spec-validator.ts'
import { ManualClock } from '../helpers/bot.ts'
import { startFakePagerDuty, type FakePagerDuty } from '../fakes/pagerduty/fake-pagerduty.ts'
import { seedState } from '../fakes/pagerduty/state.ts'
import { startPagerDutyBot } from '../scripts/pagerduty-harness.ts'

const specs = specsDirOrSkip()
const maybe = specs == null ? describe.skip : describe

let fake: FakePagerDuty
let spec: SpecValidator
const clock = new ManualClock()
beforeAll(async () => {
  if (specs == null) return
  spec = loadSpecValidator(path.join(specs, 'pagerduty', 'pagerduty-chatops-subset.json'))
  fake = await startFakePagerDuty({ now: () => clock.now() })
})
afterAll(async () => { await fake?.close() })

async function call (method: string, url: string, body?: unknown, from = 'alice@example.com'): Promise<{ status: number, errors: string[] }> {
  const res = await fetch(fake.url + url, {
    method,
    headers: { Authorization: `Token token=${fake.token}`, 'Content-Type': 'application/json', From: from },
    body: body == null ? undefined : JSON.stringify(body)
  })
  const json = await res.json() as unknown
  const template = spec.template(method, url)
  if (template == null) throw new Error(`no spec path for ${method} ${url}`)
  return { status: res.status, errors: spec.response(method, template, res.status, json) }
}

maybe('PagerDuty fake and fixtures against the spec', () => {
  test('the validator is strict: an invented field and a wrong type are refused', () => {
    const incident = structuredClone(seedState().incidents[0])
    expect(spec.response('GET', '/incidents/{id}', 200, { incident })).toEqual([])
    expect(spec.response('GET', '/incidents/{id}', 200, { incident: { ...incident, invented_field: 1 } }).join()).toContain('invented_field')
    expect(spec.response('GET', '/incidents/{id}', 200, { incident: { ...incident, incident_number: 'x' } })).not.toEqual([])
    // Nested too: inside a reference, an array item, a list's wrapper, an on-call's user.
    const assignment = incident.assignments[0]
    expect(spec.response('GET', '/incidents/{id}', 200, { incident: { ...incident, assignments: [{ ...assignment, assignee: { ...assignment.assignee, invented_ref: 1 } }] } }).join()).toContain('invented_ref')
    expect(spec.response('GET', '/incidents', 200, { incidents: [incident], limit: 100, offset: 0, more: false, total: null, invented_wrapper: 1 }).join()).toContain('invented_wrapper')
    const oncall = seedState().oncalls[0]
    expect(spec.response('GET', '/oncalls', 200, { oncalls: [{ ...oncall, user: { ...oncall.user, invented_user: 1 } }], limit: 100, offset: 0, more: false }).join()).toContain('invented_user')
  })

  test('every seed object validates as a list item', () => {
    const seed = seedState()
    const lists: Array<[string, string, unknown[]]> = [['/users', 'users', seed.users], ['/schedules', 'schedules', seed.schedules],
      ['/services', 'services', seed.services], ['/escalation_policies', 'escalation_policies', seed.escalation_policies],
      ['/oncalls', 'oncalls', seed.oncalls], ['/incidents', 'incidents', seed.incidents]]
    for (const [p, key, items] of lists) {
      expect({ p, errors: spec.response('GET', p, 200, { [key]: items, limit: 100, offset: 0, more: false, total: null }) }).toEqual({ p, errors: [] })
    }
    expect(spec.response('GET', '/incidents/{id}/notes', 200, { notes: seed.notes.PINC101 })).toEqual([])
  })

  test.each([
    ['GET', '/incidents?statuses[]=triggered&statuses[]=acknowledged&limit=100&offset=0'],
    ['GET', '/incidents/101'],
    ['GET', '/incidents/PINC101/notes'],
    ['GET', '/schedules?query=primary&limit=100&offset=0'],
    ['GET', '/schedules/PSCHPRI?since=2026-11-25T12:00:00Z&until=2026-12-02T12:00:00Z'],
    ['GET', '/oncalls?earliest=true&limit=100&offset=0'],
    ['GET', '/oncalls?user_ids[]=PALICE1&since=2026-11-25T12:00:00Z&until=2026-12-25T12:00:00Z&limit=100&offset=0'],
    ['GET', '/services?query=web&limit=100&offset=0'],
    ['GET', '/users?query=alice%40example.com&limit=100&offset=0'],
    ['GET', '/escalation_policies?query=web&limit=100&offset=0'],
    ['GET', '/incidents/999'] // 404
  ])('%s %s answers as the spec says', async (method, url) => {
    const { errors } = await call(method, url)
    expect(errors).toEqual([])
  })

  test('writes and their errors answer as the spec says', async () => {
    const answers = [
      await call('POST', '/incidents', { incident: { type: 'incident', title: 'Spec check', service: { id: 'PSVCWEB', type: 'service_reference' }, assignments: [{ assignee: { id: 'PBOB002', type: 'user_reference' } }] } }),
      await call('POST', '/incidents', { incident: { type: 'incident', title: 'via policy', service: { id: 'PSVCDB1', type: 'service_reference' }, escalation_policy: { id: 'PEPDB01', type: 'escalation_policy_reference' } } }),
      await call('PUT', '/incidents', { incidents: [{ id: 'PINC101', type: 'incident_reference', status: 'acknowledged' }] }),
      await call('POST', '/incidents/PINC101/notes', { note: { content: 'checking' } }),
      await call('POST', '/maintenance_windows', { maintenance_window: { type: 'maintenance_window', start_time: '2026-11-25T12:00:00Z', end_time: '2026-11-25T13:00:00Z', description: 'x', services: [{ id: 'PSVCWEB', type: 'service_reference' }] } }),
      await call('POST', '/schedules/PSCHPRI/overrides', { overrides: [{ start: '2026-11-25T12:00:00Z', end: '2026-11-25T13:00:00Z', user: { id: 'PCAROL3', type: 'user_reference' } }] }),
      await call('POST', '/schedules/PSCHPRI/overrides', { overrides: [{ start: '2026-11-25T12:00:00Z', end: '2026-11-25T13:00:00Z', user: { id: 'PNOBODY', type: 'user_reference' } }] }), // 201, refused inside
      await call('PUT', '/incidents', { incidents: [] }), // 400
      await call('POST', '/incidents', { incident: { type: 'incident', title: 'x', service: { id: 'PSVCWEB', type: 'service_reference' } } }, 'nobody@example.com') // 400
    ]
    expect(answers.map(a => a.status)).toEqual([201, 201, 200, 200, 201, 201, 201, 400, 400])
    expect(answers.flatMap(a => a.errors)).toEqual([])
    expect((await call('GET', '/oncalls?schedule_ids[]=PSCHPRI&earliest=true&limit=100&offset=0')).errors).toEqual([])
  })

  test('a 401 answer validates', async () => {
    const res = await fetch(`${fake.url}/incidents`, { headers: { Authorization: 'Token token=wrong' } })
    expect(res.status).toBe(401)
    expect(spec.response('GET', '/incidents', 401, await res.json())).toEqual([])
  })

  test('every answer the fake gives during a transcript of every command validates', async () => {
    const pdBot = await startPagerDutyBot()
    const commands = ['pager incidents', 'pager incident 101', 'pager incident 999', 'pager ack 101', 'pager ack', 'pager ack!', 'pager resolve 102',
      'pager resolve', 'pager resolve!', 'pager notes 101', 'pager note 101 hi', 'pager trigger bob disk full', 'pager trigger "Primary On-Call" x',
      'pager trigger "Web Escalation" y', 'pager maintenance 30 web PSVCDB1', 'pager me primary 60', 'pager me as alice@example.com', 'pager forget me',
      'pager my schedule 7', 'pager schedule primary 3', 'pager schedules', 'pager services web', "who's on call", "who's on call for primary", 'am I on call']
    for (const c of commands) await pdBot.bot.say('alice', `hubot ${c}`)
    pdBot.fake.failNext({ status: 429, headers: { 'ratelimit-reset': '3600' } })
    await pdBot.bot.say('alice', 'hubot pager incidents')
    const answers = pdBot.fake.responses
    await pdBot.stop()
    expect(answers.length).toBeGreaterThan(commands.length)
    const problems = answers.flatMap(a => {
      const template = spec.template(a.method, a.path)
      return template == null ? [`${a.method} ${a.path}: not in the spec`] : spec.response(a.method, template, a.status, a.body).map(e => `${a.method} ${a.path} ${a.status}: ${e}`)
    })
    expect(problems).toEqual([])
  })
})
