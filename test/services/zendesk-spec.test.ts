// The Zendesk fixtures and the fake's answers against Zendesk's own OpenAPI description,
// strictly (no undeclared properties beyond the commented allow-list in spec-check.ts), and
// proof that the check bites. Runs in CI (REQUIRE_SPECS=1); elsewhere skips when the specs
// folder is missing.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { ROOT } from '../helpers/bot.ts'
import { specsDirOrSkip } from '../helpers/requirements.ts'
import { seedState } from '../fakes/zendesk/state.ts'
import { loadZendeskSpec, type ZendeskSpec } from '../fakes/zendesk/spec-check.ts'
import { startFakeZendesk, type FakeZendesk } from '../fakes/zendesk/fake-zendesk.ts'
import { BASIC, CREDENTIALS } from '../fakes/zendesk/harness.ts'

const specs = specsDirOrSkip()
const maybe = specs == null ? describe.skip : describe
let spec: ZendeskSpec
let fake: FakeZendesk
beforeAll(async () => {
  if (specs == null) return
  spec = loadZendeskSpec(specs)
  fake = await startFakeZendesk({ credentials: CREDENTIALS })
})
afterAll(async () => { await fake?.close() })

const seed = seedState()
const ticket = seed.tickets[0]
const user = seed.users[0]
const searchBody = (results: unknown[]): unknown => ({ results, facets: null, next_page: null, previous_page: null, count: results.length })

maybe('Zendesk fixtures and fake against the spec', () => {
  test('the strict check bites: an invented field anywhere, or a wrong type, is refused', () => {
    expect(spec.check('GET', '/api/v2/tickets/35436', 200, { ticket })).toEqual([])
    expect(spec.check('GET', '/api/v2/tickets/35436', 200, { ticket: { ...ticket, invented_field: 1 } }).join()).toContain('invented_field')
    expect(spec.check('GET', '/api/v2/tickets/35436', 200, { ticket: { ...ticket, id: '35436' } })).not.toEqual([])
    expect(spec.check('GET', '/api/v2/tickets/35436', 200, { ticket: { ...ticket, status: 'unsolved' } })).not.toEqual([])
    expect(spec.check('GET', '/api/v2/tickets/35436', 200, { ticket: { ...ticket, via: { channel: 'web', invented_via: 1 } } }).join()).toContain('invented_via')
    // In search results, both as a search result and (second layer) as a ticket.
    const result = { ...ticket, result_type: 'ticket' }
    expect(spec.check('GET', '/api/v2/search', 200, searchBody([result]))).toEqual([])
    const invented = spec.check('GET', '/api/v2/search', 200, searchBody([{ ...result, invented_result: 1 }]))
    expect(invented.filter(e => e.includes('invented_result'))).toHaveLength(2)
    expect(spec.check('GET', '/api/v2/search', 200, searchBody([{ ...result, priority: 'severe' }])).join()).toContain('/results/0 as a ticket')
    // A write-only ticket field is no search result field.
    expect(spec.check('GET', '/api/v2/search', 200, searchBody([{ ...result, assignee_email: 'a@example.com' }])).join()).toContain('assignee_email')
    expect(spec.check('GET', '/api/v2/search', 200, { ...(searchBody([]) as object), invented_wrapper: 1 }).join()).toContain('invented_wrapper')
    // The sideloaded users, and an error body.
    expect(spec.check('GET', '/api/v2/tickets/35436', 200, { ticket, users: [{ ...user, invented_user: 1 }] }).join()).toContain('invented_user')
    expect(spec.check('GET', '/api/v2/tickets/1', 404, { error: 'RecordNotFound', description: 'Not found', invented_error: 1 })).not.toEqual([])
    expect(spec.check('GET', '/api/v2/tickets/1', 404, { message: 'Not found' })).not.toEqual([])
    expect(spec.check('GET', '/api/v2/search/count', 200, { count: '32' })).not.toEqual([])
  })

  test('every seed ticket validates as a ticket and as a search result, every user as a user', () => {
    for (const t of seed.tickets) expect({ id: t.id, errors: spec.check('GET', `/api/v2/tickets/${t.id}`, 200, { ticket: t }) }).toEqual({ id: t.id, errors: [] })
    expect(spec.check('GET', '/api/v2/search', 200, searchBody(seed.tickets.map(t => ({ ...t, result_type: 'ticket' }))))).toEqual([])
    expect(spec.check('GET', '/api/v2/users/show_many', 200, { users: seed.users })).toEqual([])
    expect(spec.check('GET', '/api/v2/tickets/35436', 200, { ticket, users: seed.users })).toEqual([])
  })

  test('the committed seed is exactly what build-fixtures.mjs builds from the spec now', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'zendesk-seed-'))
    try {
      const out = path.join(dir, 'seed.json')
      execFileSync(process.execPath, [path.join(ROOT, 'test', 'fixtures', 'zendesk', 'build-fixtures.mjs'), out], { env: { ...process.env, SPECS_DIR: specs! }, stdio: 'pipe' })
      expect(readFileSync(out, 'utf8')).toBe(readFileSync(path.join(ROOT, 'test', 'fixtures', 'zendesk', 'seed.json'), 'utf8'))
    } finally { rmSync(dir, { recursive: true, force: true }) }
  })

  test('every kind of answer the fake gives validates, errors included', async () => {
    fake.reset()
    const paths = ['/search?query=type%3Aticket+status%3Csolved&sort_by=updated_at&sort_order=desc&per_page=10&page=2', '/search.json?query=type%3Aticket',
      '/search/count?query=type%3Aticket+status%3Csolved+tags%3Aescalated', '/tickets/35436?include=users', '/tickets/35437.json',
      '/tickets/99999', '/search?query=type%3Aticket+created%3E2026', '/search?query=type%3Aticket&per_page=100&page=11', '/nothing']
    for (const p of paths) await fetch(fake.url + p, { headers: { Authorization: BASIC } })
    await fetch(`${fake.url}/tickets/35436`)
    for (const code of [429, 500, 503, 401, 403]) { fake.failNext(code); await fetch(`${fake.url}/tickets/35436`, { headers: { Authorization: BASIC } }) }
    expect(fake.responses.map(r => r.status)).toEqual([200, 200, 200, 200, 200, 404, 400, 422, 404, 401, 429, 500, 503, 401, 403])
    expect(spec.problems(fake.responses)).toEqual([])
  })
})
