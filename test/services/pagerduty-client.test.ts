// The client on its own, against the fake: headers, query serialisation, pagination,
// 429 waits on an injected clock (no real waiting), timeouts, and the base URL.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import { ServiceError } from '../../src/core/errors.ts'
import { createLogger } from '../../src/core/log.ts'
import { createPagerDutyClient } from '../../src/services/pagerduty/index.ts'
import { LogCapture, ManualClock } from '../helpers/bot.ts'
import { startFakePagerDuty, type FakePagerDuty } from '../fakes/pagerduty/fake-pagerduty.ts'
import { addIncidents } from '../fakes/pagerduty/state.ts'

let fake: FakePagerDuty
const logs = new LogCapture()
const log = createLogger({ level: 'debug', destination: logs })
beforeAll(async () => { fake = await startFakePagerDuty({ now: () => Date.parse('2026-11-25T12:00:00Z') }) })
beforeEach(() => { fake.reset() })
afterAll(async () => { await fake.close() })

const clock = new ManualClock()
/** The waits the client slept, on the manual clock. */
const waits = clock.sleeps
const client = (extra: Partial<Parameters<typeof createPagerDutyClient>[0]> = {}) => createPagerDutyClient({
  baseUrl: `${fake.url}/`, token: fake.token, fetch: globalThis.fetch, log, timeoutMs: 2000, clock, ...extra
})
const caught = async (p: Promise<unknown>): Promise<ServiceError> => {
  try { await p } catch (err) { return err as ServiceError }
  throw new Error('expected a rejection')
}

describe('PagerDuty client', () => {
  test('reads send the token and API version, no From; writes send From', async () => {
    await client().listIncidents({ statuses: ['triggered', 'acknowledged'], userIds: ['PALICE1'] })
    await client().updateIncidents('alice@example.com', [{ id: 'PINC101', status: 'acknowledged' }])
    const [read, write] = fake.requests
    expect(read.headers).toMatchObject({ authorization: `Token token=${fake.token}`, accept: 'application/vnd.pagerduty+json;version=2' })
    expect(read.headers.from).toBeUndefined()
    expect(read.query.toString()).toBe('date_range=all&statuses%5B%5D=triggered&statuses%5B%5D=acknowledged&user_ids%5B%5D=PALICE1&limit=100&offset=0')
    expect(write.headers.from).toBe('alice@example.com')
    expect(write.headers['content-type']).toBe('application/json')
  })

  test('incidents: the fake, like PagerDuty, searches the last month by default; the client asks for date_range=all', async () => {
    fake.state.incidents.find(i => i.id === 'PINC103')!.created_at = '2026-10-01T08:00:00Z'
    const numbers = async (query: string): Promise<number[]> => {
      const res = await fetch(`${fake.url}/incidents?statuses[]=triggered&${query}`, { headers: { Authorization: `Token token=${fake.token}` } })
      return ((await res.json()) as { incidents: Array<{ incident_number: number }> }).incidents.map(i => i.incident_number)
    }
    expect(await numbers('')).toEqual([101])
    expect(await numbers('since=2026-09-01T00:00:00Z&until=2026-10-02T00:00:00Z')).toEqual([103])
    expect(await numbers('date_range=all')).toEqual([101, 103])
    expect((await client().listIncidents({ statuses: ['triggered'] })).map(i => i.incident_number)).toEqual([101, 103])
  })

  test('lists follow `more` with limit=100 to the end', async () => {
    addIncidents(fake.state, 250, 1000)
    const all = await client().listIncidents({ statuses: ['triggered'] })
    expect(all).toHaveLength(252)
    expect(fake.requests.map(r => r.query.get('offset'))).toEqual(['0', '100', '200'])
  })

  test('a page shorter than asked (PagerDuty applying a lower limit) is followed from where it ended, skipping nothing', async () => {
    addIncidents(fake.state, 60, 1000)
    const triggered = fake.state.incidents.filter(i => i.status === 'triggered')
    fake.failNext({ status: 200, body: { incidents: triggered.slice(0, 25), limit: 25, offset: 0, more: true, total: null } })
    const all = await client().listIncidents({ statuses: ['triggered'] })
    expect(fake.requests.map(r => r.query.get('offset'))).toEqual(['0', '25'])
    expect(all.map(i => i.id)).toEqual(triggered.map(i => i.id))
  })

  test('a list longer than the page cap is an error that says so, never a silently shortened list', async () => {
    addIncidents(fake.state, 250, 1000)
    const err = await caught(client({ maxPages: 2 }).listIncidents({ statuses: ['triggered'] }))
    expect(err.message).toBe('PagerDuty has more than 200 of these; the bot will not act on or show part of them. Narrow the request.')
    expect(fake.requests).toHaveLength(2)
  })

  test('bulk updates go 250 at a time', async () => {
    addIncidents(fake.state, 300, 1000)
    const updated = await client().updateIncidents('bob@example.com', fake.state.incidents.filter(i => i.status === 'triggered').map(i => ({ id: i.id, status: 'resolved' as const })))
    expect(updated).toHaveLength(302)
    expect(fake.requests.map(r => (r.body as { incidents: unknown[] }).incidents.length)).toEqual([250, 52])
  })

  test('429: waits ratelimit-reset seconds (on the injected clock), then retries', async () => {
    waits.length = 0
    fake.failNext({ status: 429, headers: { 'ratelimit-reset': '7' } })
    expect(await client().listSchedules()).toHaveLength(4)
    expect(waits).toEqual([7000])
    expect(fake.requests).toHaveLength(2)
  })

  test('a write retried after a 429 sends its body and headers again', async () => {
    waits.length = 0
    fake.failNext({ status: 429, headers: { 'ratelimit-reset': '3' } })
    const updated = await client().updateIncidents('bob@example.com', [{ id: 'PINC101', status: 'acknowledged' }])
    expect(updated.map(i => i.status)).toEqual(['acknowledged'])
    expect(waits).toEqual([3000])
    expect(fake.requests).toHaveLength(2)
    for (const sent of fake.requests) {
      expect(sent.body).toEqual({ incidents: [{ id: 'PINC101', type: 'incident_reference', status: 'acknowledged' }] })
      expect(sent.headers).toMatchObject({ authorization: `Token token=${fake.token}`, from: 'bob@example.com', 'content-type': 'application/json' })
    }
  })

  test('429 longer than the cap is not waited: rate_limited at once', async () => {
    waits.length = 0
    fake.failNext({ status: 429, headers: { 'ratelimit-reset': '45' } })
    const err = await caught(client({ maxRetryWaitMs: 30_000 }).listSchedules())
    expect(err).toBeInstanceOf(ServiceError)
    expect(err.code).toBe('rate_limited')
    expect(waits).toEqual([])
  })

  test('a hanging request times out after timeoutMs', async () => {
    fake.failNext('hang')
    const started = Date.now()
    const err = await caught(client({ timeoutMs: 100 }).listUsers())
    expect(err.code).toBe('timeout')
    expect(Date.now() - started).toBeLessThan(1500)
  })

  test('a body that stalls after the headers times out too', async () => {
    fake.failNext('hang-body')
    expect((await caught(client({ timeoutMs: 100 }).listUsers())).code).toBe('timeout')
  })

  test('statuses become codes: 401 auth, 404 not_found, 500 server, 400 bad_request with the reason', async () => {
    expect((await caught(client({ token: 'nope' }).listUsers())).code).toBe('auth')
    expect((await caught(client().getIncident(999))).code).toBe('not_found')
    fake.failNext({ status: 500 })
    expect((await caught(client().listUsers())).code).toBe('server')
    const bad = await caught(client().createNote('nobody@example.com', 'PINC101', 'x'))
    expect([bad.code, bad.message]).toEqual(['bad_request', 'it refused the request (HTTP 400: Invalid Input Provided: Requester User Not Found)'])
  })

  test('the log has method, path and status, never the token or the query', async () => {
    logs.raw = ''
    await client().listUsers('alice@example.com')
    expect(logs.raw).toContain('"path":"/users"')
    expect(logs.raw).not.toContain(fake.token)
    expect(logs.raw).not.toContain('alice@example.com')
  })
})
