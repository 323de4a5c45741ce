// The fake Zendesk's search over real HTTP: the query grammar, counts, sorting and offset
// paging to the end. The seed (test/fixtures/zendesk/seed.json) has 40 tickets: new 8,
// open 12, pending 8, hold 4, solved 4, closed 4; 10 tagged escalated, 8 of them unsolved.
// Every answer is checked against the spec after each test (harness.ts).
import { describe, expect, test } from '@jest/globals'
import { addTickets } from '../fakes/zendesk/state.ts'
import { searchPath, useFakeZendesk } from '../fakes/zendesk/harness.ts'

const zd = useFakeZendesk()
type Ticket = { id: number, status: string, priority: string | null, type: string | null, tags: string[], updated_at: string, created_at: string, result_type: string }
const count = async (query: string): Promise<number> => {
  const { status, body } = await zd.get(searchPath(query, {}, '/search/count'))
  expect(status).toBe(200)
  return body.count as number
}
const ids = async (query: string, params: Record<string, string | number> = {}): Promise<number[]> =>
  ((await zd.get(searchPath(query, params))).body.results as Ticket[]).map(t => t.id)

describe('fake Zendesk search: counts and the query grammar', () => {
  test('the counts the Zendesk script asks for', async () => {
    expect(await count('type:ticket status<solved')).toBe(32)
    expect(await Promise.all(['new', 'open', 'pending', 'hold'].map(s => count(`type:ticket status:${s}`)))).toEqual([8, 12, 8, 4])
    expect(await count('type:ticket status<solved tags:escalated')).toBe(8)
    expect(await count('type:ticket tags:escalated')).toBe(10)
    expect(fake().requests.map(r => r.path)).toEqual(Array(7).fill('/api/v2/search/count'))
  })

  test('comparisons follow Zendesk\'s status order new < open < pending < hold < solved < closed', async () => {
    expect(await count('type:ticket status<pending')).toBe(20)
    expect(await count('type:ticket status<=pending')).toBe(28)
    expect(await count('type:ticket status>hold')).toBe(8)
    expect(await count('type:ticket status>=solved')).toBe(8)
    expect(await count('type:ticket priority>normal')).toBe(await count('type:ticket priority:high') + await count('type:ticket priority:urgent'))
  })

  test('the same keyword twice is ORed, different keywords ANDed, a minus negates', async () => {
    expect(await count('type:ticket status:new status:open')).toBe(20)
    expect(await count('type:ticket status:new status:open tags:escalated')).toBe(4)
    expect(await count('type:ticket status<solved -tags:escalated')).toBe(24)
    expect(await count('type:ticket assignee:none')).toBe(8) // new tickets are unassigned
    expect(await count('type:ticket requester:rachel@customer.example')).toBe(await count('type:ticket requester:20978392'))
  })

  test('free text matches a word or a word\'s prefix in subject or description; a bare number the id', async () => {
    expect(await ids('type:ticket printer')).toEqual([35436])
    expect(await ids('type:ticket print')).toEqual([35436])
    expect(await ids('type:ticket rinter')).toEqual([])
    expect(await ids('type:ticket "on fire"')).toEqual([35436])
    expect(await ids('type:ticket 35440')).toEqual([35440])
  })

  test('the query arrives URL-encoded: %20 and + are spaces, %3C is <', async () => {
    const encoded = await zd.get(`/search/count?query=${encodeURIComponent('type:ticket status<solved')}`)
    const plus = await zd.get('/search/count?query=type%3Aticket+status%3Csolved')
    expect([encoded.body.count, plus.body.count]).toEqual([32, 32])
    expect(fake().requests[0].query.get('query')).toBe('type:ticket status<solved')
  })

  test('what the fake does not model is a 400 in the search error format, never a silent empty answer', async () => {
    for (const query of ['type:ticket created>2026-01-01', 'status:open', 'type:user', 'type:ticket status:unsolved', 'type:ticket print*']) {
      const { status, body } = await zd.get(searchPath(query))
      expect({ query, status, error: body.error }).toEqual({ query, status: 400, error: 'invalid' })
      expect(body.description).toMatch(/^fake Zendesk: /)
    }
    expect((await zd.get('/search')).status).toBe(400) // query is required
  })
})

describe('fake Zendesk search: one request gives the list and its total', () => {
  test('results are tickets with result_type, count is the total, next_page an absolute URL on the fake', async () => {
    const { body } = await zd.get(searchPath('type:ticket status<solved', { sort_by: 'updated_at', sort_order: 'desc', per_page: 10 }))
    const results = body.results as Ticket[]
    expect(results).toHaveLength(10)
    expect(body.count).toBe(32)
    expect(body.facets).toBeNull()
    expect(results.every(t => t.result_type === 'ticket' && !['solved', 'closed'].includes(t.status))).toBe(true)
    const next = new URL(body.next_page as string)
    expect(next.origin).toBe(fake().origin)
    expect(Object.fromEntries(next.searchParams)).toEqual({ query: 'type:ticket status<solved', sort_by: 'updated_at', sort_order: 'desc', per_page: '10', page: '2' })
    expect(body.previous_page).toBeNull()
  })

  test('paging with per_page=25 follows next_page verbatim to the end, each ticket once, in order', async () => {
    const all = await ids('type:ticket status<solved', { sort_by: 'updated_at', sort_order: 'desc', per_page: 100 })
    const seen: number[] = []
    const pages: Array<{ prev: string | null, next: string | null }> = []
    let next: string | null = fake().url + searchPath('type:ticket status<solved', { sort_by: 'updated_at', sort_order: 'desc', per_page: 25 })
    while (next != null) {
      const { body } = await zd.get(next)
      seen.push(...(body.results as Ticket[]).map(t => t.id))
      pages.push({ prev: body.previous_page, next: body.next_page })
      next = body.next_page
    }
    expect(all).toHaveLength(32)
    expect(seen).toEqual(all)
    expect(pages).toHaveLength(2)
    expect(new URL(pages[1].prev!).searchParams.get('page')).toBe('1')
    expect(fake().requests.map(r => r.query.get('page'))).toEqual([null, null, '2'])
  })

  test('per_page is at most 100 (and 100 by default); a page past the end is empty; past 1,000 results a 422', async () => {
    addTickets(fake().state, 120, 90000)
    const big = await zd.get(searchPath('type:ticket', { per_page: 500 }))
    expect([big.body.results.length, big.body.count]).toEqual([100, 160])
    expect((await zd.get(searchPath('type:ticket'))).body.results).toHaveLength(100)
    const past = await zd.get(searchPath('type:ticket status:hold', { per_page: 25, page: 3 }))
    expect([past.status, past.body.results, past.body.next_page]).toEqual([200, [], null])
    const tooFar = await zd.get(searchPath('type:ticket', { per_page: 100, page: 11 }))
    expect([tooFar.status, tooFar.body.error]).toEqual([422, 'invalid'])
  })
})

describe('fake Zendesk search: sorting', () => {
  const sorted = async (sortBy: string, sortOrder?: string): Promise<Ticket[]> =>
    (await zd.get(searchPath('type:ticket', { sort_by: sortBy, ...(sortOrder != null ? { sort_order: sortOrder } : {}) }))).body.results as Ticket[]
  const isOrdered = (values: Array<string | number>, dir: 1 | -1): boolean => values.every((v, i) => i === 0 || (v === values[i - 1] || (v > values[i - 1]) === (dir === 1)))

  test('updated_at and created_at, desc by default and asc when asked; they order differently', async () => {
    const desc = await sorted('updated_at')
    expect(isOrdered(desc.map(t => t.updated_at), -1)).toBe(true)
    expect((await sorted('updated_at', 'asc')).map(t => t.id)).toEqual([...desc].reverse().map(t => t.id))
    const created = await sorted('created_at', 'asc')
    expect(isOrdered(created.map(t => t.created_at), 1)).toBe(true)
    expect(created.map(t => t.id)).not.toEqual([...desc].reverse().map(t => t.id))
  })

  test('priority, status and ticket_type by their Zendesk order; no value sorts lowest', async () => {
    const byPriority = (await sorted('priority', 'desc')).map(t => t.priority)
    expect([byPriority[0], byPriority.at(-1)]).toEqual(['urgent', null])
    const byStatus = (await sorted('status', 'asc')).map(t => t.status)
    expect([...new Set(byStatus)]).toEqual(['new', 'open', 'pending', 'hold', 'solved', 'closed'])
    expect([...new Set((await sorted('ticket_type', 'asc')).map(t => t.type))]).toEqual([null, 'incident', 'problem', 'question', 'task'])
  })

  test('without sort_by the order is by id; an unknown sort_by or sort_order is a 400', async () => {
    const plain = await ids('type:ticket')
    expect(plain).toEqual([...plain].sort((a, b) => a - b))
    expect((await zd.get(searchPath('type:ticket', { sort_by: 'subject' }))).status).toBe(400)
    expect((await zd.get(searchPath('type:ticket', { sort_by: 'updated_at', sort_order: 'down' }))).status).toBe(400)
  })
})

function fake (): ReturnType<typeof zd.fake> { return zd.fake() }
