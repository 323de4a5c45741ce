// The fake GitHub's issue search over real HTTP: the query grammar (search-query.ts), the
// archived:false exclusion, sorting, Link pagination to the end, the 1,000-result cap and
// GitHub's 422s. Seed: 151 open pull requests in acme (4 of them in the archived acme/legacy),
// 3 in globex, 16 issues. Every answer is checked against the spec after each test (harness.ts).
import { describe, expect, test } from '@jest/globals'
import { startFakeGitHub } from '../fakes/github/fake-github.ts'
import { TOKEN, links, searchPath, useFakeGitHub } from '../fakes/github/harness.ts'
import { CANNOT_SEARCH } from '../fakes/github/search-query.ts'
import { addPulls, seedState } from '../fakes/github/state.ts'

const gh = useFakeGitHub()
const seed = seedState()
type Item = { number: number, title: string, body?: string, state: string, draft?: boolean, repository_url: string, updated_at: string, created_at: string, comments: number, user: { login: string }, pull_request?: { url: string, html_url: string } }
const search = async (q: string, params: Record<string, string | number> = {}): Promise<{ total: number, items: Item[], link: Record<string, string>, status: number }> => {
  const { status, body, headers } = await gh.call(searchPath(q, params))
  return { status, total: body.total_count, items: body.items ?? [], link: links(headers.get('link')) }
}
const count = async (q: string): Promise<number> => {
  const r = await search(q, { per_page: 1 })
  expect(r.status).toBe(200)
  return r.total
}
const repoOf = (i: Item): string => i.repository_url.split('/repos/')[1]
const openPulls = seed.items.filter(i => i.pull != null && i.state === 'open')

describe('fake GitHub search: an organization\'s open pull requests', () => {
  test('is:pr is:open org:acme archived:false: 147, over two pages of 100 by Link, none from the archived repository', async () => {
    const seen: Item[] = []
    let next: string | undefined = searchPath('is:pr is:open org:acme archived:false', { sort: 'updated', order: 'desc', per_page: 100 })
    const totals: number[] = []
    while (next != null) {
      const { body, headers } = await gh.call(next)
      expect(body).toMatchObject({ incomplete_results: false, search_type: 'lexical' })
      totals.push(body.total_count)
      seen.push(...body.items)
      next = links(headers.get('link')).next
    }
    expect(totals).toEqual([147, 147])
    expect(seen).toHaveLength(147)
    expect(new Set(seen.map(i => `${repoOf(i)}#${i.number}`)).size).toBe(147)
    expect(seen.some(i => repoOf(i) === 'acme/legacy')).toBe(false)
    expect(new Set(seen.map(repoOf))).toEqual(new Set(['acme/api', 'acme/web', 'acme/infra']))
    // Sorted by updated, newest first, across the page boundary.
    expect(seen.map(i => i.updated_at)).toEqual(seen.map(i => i.updated_at).sort().reverse())
    expect(gh.fake().requests.map(r => [r.path, r.query.get('page')])).toEqual([['/search/issues', null], ['/search/issues', '2']])
  })

  test('without archived:false the archived repository\'s 4 count too; archived:true gives only them', async () => {
    expect(await count('is:pr is:open org:acme')).toBe(151)
    const archived = await search('is:pr is:open org:acme archived:true')
    expect(archived.items.map(i => `${repoOf(i)}#${i.number}`).sort()).toEqual(['acme/legacy#2', 'acme/legacy#3', 'acme/legacy#5', 'acme/legacy#6'])
  })

  test('items are issue-shaped; pull requests carry pull_request (links on the fake and github.com) and draft', async () => {
    const { items } = await search('is:pr is:open repo:acme/web', { sort: 'created', order: 'asc' })
    expect(items[0]).toMatchObject({
      number: 1, title: 'Add rate limiting to checkout', state: 'open', draft: false, user: { login: 'alice' }, score: 1,
      url: `${gh.fake().url}/repos/acme/web/issues/1`, html_url: 'https://github.com/acme/web/pull/1',
      pull_request: { url: `${gh.fake().url}/repos/acme/web/pulls/1`, html_url: 'https://github.com/acme/web/pull/1', diff_url: 'https://github.com/acme/web/pull/1.diff', patch_url: 'https://github.com/acme/web/pull/1.patch', merged_at: null }
    })
    expect(items.filter(i => i.draft === true).map(i => i.number)).toEqual([5, 6])
    const issues = await search('is:issue repo:acme/web')
    expect(issues.items.map(i => i.number).sort((a, b) => a - b)).toEqual([4, 9, 15])
    expect(issues.items.every(i => i.pull_request === undefined && i.draft === undefined)).toBe(true)
  })
})

describe('fake GitHub search: the query grammar', () => {
  test('author:, author:app/NAME for a bot, and a minus to exclude', async () => {
    expect(await count('is:pr is:open author:alice')).toBe(openPulls.filter(i => i.user === 'alice').length)
    expect(await count('is:pr is:open author:alice org:acme archived:false')).toBe(22)
    expect(await count('is:pr is:open author:app/dependabot')).toBe(openPulls.filter(i => i.user === 'dependabot[bot]').length)
    const humans = openPulls.filter(i => i.repo.startsWith('acme/') && i.repo !== 'acme/legacy' && i.user !== 'dependabot[bot]').length
    expect(await count('is:pr is:open org:acme archived:false -author:app/dependabot')).toBe(humans)
  })

  test('state:open is is:open; is:closed, is:merged; is:issue and is:pr split the items', async () => {
    expect(await count('is:pr state:open org:acme')).toBe(await count('is:pr is:open org:acme'))
    expect(await count('is:pr is:closed')).toBe(seed.items.filter(i => i.pull != null && i.state === 'closed').length)
    expect((await search('is:pr is:merged')).items.map(i => `${repoOf(i)}#${i.number}`).sort()).toEqual(['acme/api#105', 'acme/api#33', 'acme/infra#3'])
    expect(await count('is:issue') + await count('is:pr')).toBe(seed.items.length)
    expect(await count('is:issue is:open')).toBe(9)
  })

  test('free text matches whole words in title and body; in:title narrows to titles; a phrase is a substring', async () => {
    const inTitle = openPulls.filter(i => /\bcheckout\b/i.test(i.title))
    const inEither = openPulls.filter(i => /\bcheckout\b/i.test(`${i.title}\n${i.body ?? ''}`))
    expect(await count('is:pr is:open checkout in:title')).toBe(inTitle.length)
    expect(await count('is:pr is:open checkout')).toBe(inEither.length)
    expect(inEither.length).toBeGreaterThan(inTitle.length)
    expect(await count('is:pr is:open checkou')).toBe(0)
    expect(await count('is:pr is:open CHECKOUT in:title')).toBe(inTitle.length)
    expect((await search('is:pr "the deploy lock" repo:acme/web')).items.map(i => i.title)).toEqual(['docs: explain the deploy lock'])
  })

  test('repo:, org: and user: terms are ORed; label: and draft: filter', async () => {
    expect(await count('is:pr is:open repo:acme/web repo:globex/widgets')).toBe(15)
    expect(await count('is:pr is:open org:acme org:globex')).toBe(154)
    expect(await count('is:pr is:open user:globex')).toBe(3)
    expect((await search('is:pr is:open label:bug repo:acme/web')).items.map(i => i.number).sort((a, b) => a - b)).toEqual([2, 8, 11])
    expect(await count('is:pr is:open draft:true org:acme')).toBe(27)
    expect(await count('is:pr is:open draft:false org:acme')).toBe(151 - 27)
  })

  test('sort=updated|created|comments with order; without sort, a stable order (the fake\'s stand-in for best match)', async () => {
    const updatedAsc = (await search('is:pr is:open repo:acme/api', { sort: 'updated', order: 'asc', per_page: 50 })).items.map(i => i.updated_at)
    expect(updatedAsc).toEqual([...updatedAsc].sort())
    const created = (await search('is:pr is:open repo:acme/api', { sort: 'created', per_page: 5 })).items.map(i => i.number)
    expect(created).toEqual(openPulls.filter(i => i.repo === 'acme/api').sort((x, y) => y.created_at.localeCompare(x.created_at)).slice(0, 5).map(i => i.number))
    const comments = (await search('is:pr is:open repo:acme/api', { sort: 'comments', per_page: 20 })).items.map(i => i.comments)
    expect(comments).toEqual([...comments].sort((a, b) => b - a))
    const a = (await search('is:pr is:open repo:acme/api', { per_page: 20 })).items.map(i => i.number)
    expect((await search('is:pr is:open repo:acme/api', { per_page: 20 })).items.map(i => i.number)).toEqual(a)
  })

  test('per_page defaults to 30 and stops at 100; q arrives URL-encoded (+ and %20 are spaces)', async () => {
    expect((await search('is:pr is:open org:acme')).items).toHaveLength(30)
    expect((await search('is:pr is:open org:acme', { per_page: 250 })).items).toHaveLength(100)
    const plus = await gh.call('/search/issues?q=is%3Apr+is%3Aopen+repo%3Aacme%2Fweb')
    const spaces = await gh.call('/search/issues?q=is:pr%20is:open%20repo:acme/web')
    expect([plus.body.total_count, spaces.body.total_count]).toEqual([12, 12])
    expect(gh.fake().requests[2].query.get('q')).toBe('is:pr is:open repo:acme/web')
  })
})

describe('fake GitHub search: limits and refusals', () => {
  test('only the first 1,000 results are reachable: last links to page 10 of 100, page 11 is GitHub\'s 422', async () => {
    addPulls(gh.fake().state, 'acme/docs', 1100)
    const first = await search('is:pr repo:acme/docs', { per_page: 100 })
    expect(first.total).toBe(1100) // the total is reported in full
    expect(new URL(first.link.last).searchParams.get('page')).toBe('10')
    const tenth = await search('is:pr repo:acme/docs', { per_page: 100, page: 10 })
    expect([tenth.items.length, tenth.link.next]).toEqual([100, undefined])
    const { status, body } = await gh.call(searchPath('is:pr repo:acme/docs', { per_page: 100, page: 11 }))
    expect([status, body.message]).toEqual([422, 'Only the first 1000 search results are available'])
    expect(body.documentation_url).toBe('https://docs.github.com/rest/search/search#search-issues-and-pull-requests')
  })

  test('a repo:, org: or author: that names nothing is GitHub\'s 422, not an empty result', async () => {
    for (const q of ['is:pr repo:acme/nope', 'is:pr org:initech', 'is:pr author:mallory']) {
      const { status, body } = await gh.call(searchPath(q))
      expect({ q, status, errors: body.errors }).toEqual({ q, status: 422, errors: [{ message: CANNOT_SEARCH, resource: 'Search', field: 'q', code: 'invalid' }] })
    }
  })

  test('a missing q and a q over 256 characters are GitHub\'s 422s', async () => {
    const missing = await gh.call('/search/issues')
    expect([missing.status, missing.body.errors]).toEqual([422, [{ resource: 'Search', field: 'q', code: 'missing' }]])
    const long = await gh.call(searchPath(`is:pr ${'x'.repeat(260)}`))
    expect([long.status, long.body.errors[0].message]).toEqual([422, 'The search is longer than 256 characters.'])
  })

  test('what the fake does not model is a 422 saying so, never a silently ignored term', async () => {
    for (const [q, params] of [['is:pr created:>2026-01-01', {}], ['is:pr (label:bug OR label:enhancement)', {}], ['is:pr no:assignee', {}], ['is:pr author:alice author:bob', {}],
      ['is:pr is:draft', {}], ['is:pr', { sort: 'reactions' }], ['is:pr', { search_type: 'semantic' }]] as Array<[string, Record<string, string>]>) {
      const { status, body } = await gh.call(searchPath(q, params))
      expect({ q, status }).toEqual({ q, status: 422 })
      expect(body.message).toMatch(/^fake GitHub: /)
    }
  })

  test('search_type comes before items, in the spec example\'s order (octokit.paginate breaks on it); searchTypeFirst: false puts it after', async () => {
    expect(Object.keys((await gh.call(searchPath('is:pr'))).body)).toEqual(['total_count', 'incomplete_results', 'search_type', 'items'])
    const other = await startFakeGitHub({ token: TOKEN, searchTypeFirst: false })
    try {
      const res = await fetch(`${other.url}${searchPath('is:pr')}`, { headers: { authorization: `token ${TOKEN}` } })
      expect(Object.keys(await res.json() as object)).toEqual(['total_count', 'incomplete_results', 'items', 'search_type'])
      expect(gh.spec()?.problems(other.responses) ?? []).toEqual([])
    } finally { await other.close() }
  })

  test('search answers carry the search rate limit (30 a minute), not the core one', async () => {
    const { headers } = await gh.call(searchPath('is:pr'))
    expect([headers.get('x-ratelimit-resource'), headers.get('x-ratelimit-limit'), headers.get('x-ratelimit-used'), headers.get('x-ratelimit-remaining')]).toEqual(['search', '30', '1', '29'])
  })
})
