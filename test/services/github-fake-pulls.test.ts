// The fake GitHub's pull request lists, repositories, organization repositories and users over
// real HTTP: the parameters each honours, Link pagination to the end, and 404s in GitHub's
// body. The seed (test/fixtures/github/seed.json): acme/api has 130 open pull requests (22 of
// them drafts), acme/legacy is archived, acme/infra private. Every answer is checked against
// the spec after each test (harness.ts).
import { describe, expect, test } from '@jest/globals'
import { startFakeGitHub } from '../fakes/github/fake-github.ts'
import { TOKEN, links, useFakeGitHub } from '../fakes/github/harness.ts'
import { seedState } from '../fakes/github/state.ts'

const gh = useFakeGitHub()
const seed = seedState()
type Pull = { number: number, state: string, draft: boolean, title: string, created_at: string, updated_at: string, comments?: number, user: { login: string }, head: { ref: string, label: string, repo: { full_name: string } }, base: { ref: string } }
const numbers = (body: Pull[]): number[] => body.map(p => p.number)
const openIn = (repo: string): typeof seed.items => seed.items.filter(i => i.repo === repo && i.pull != null && i.state === 'open')

describe('fake GitHub: GET /repos/{owner}/{repo}/pulls', () => {
  test('defaults: open pull requests, newest created first, 30 a page, and a Link to the next and last page', async () => {
    const { status, headers, body } = await gh.call('/repos/acme/api/pulls')
    expect(status).toBe(200)
    expect(body).toHaveLength(30)
    const expected = openIn('acme/api').sort((a, b) => b.created_at.localeCompare(a.created_at)).slice(0, 30).map(i => i.number)
    expect(numbers(body)).toEqual(expected)
    expect((body as Pull[]).every(p => p.state === 'open')).toBe(true)
    const rel = links(headers.get('link'))
    expect(Object.keys(rel)).toEqual(['next', 'last'])
    expect(rel.next).toBe(`${gh.fake().origin}/repos/acme/api/pulls?page=2`)
    expect(rel.last).toBe(`${gh.fake().origin}/repos/acme/api/pulls?page=5`)
  })

  test('130 open pull requests over two pages of 100, following rel="next" to the end: every one once, two requests', async () => {
    const seen: number[] = []
    let next: string | undefined = '/repos/acme/api/pulls?state=open&sort=updated&direction=desc&per_page=100'
    const pages: Array<Record<string, string>> = []
    while (next != null) {
      const { body, headers } = await gh.call(next)
      seen.push(...numbers(body))
      pages.push(links(headers.get('link')))
      next = pages.at(-1)!.next
    }
    expect(seen).toHaveLength(130)
    expect(new Set(seen).size).toBe(130)
    expect(seen.sort((a, b) => a - b)).toEqual(openIn('acme/api').map(i => i.number).sort((a, b) => a - b))
    expect(gh.fake().requests.map(r => r.query.get('page'))).toEqual([null, '2'])
    // Page 2 links back (prev, first) and no further; every link repeats the query as sent.
    expect(Object.keys(pages[1])).toEqual(['prev', 'first'])
    expect(Object.fromEntries(new URL(pages[1].first).searchParams)).toEqual({ state: 'open', sort: 'updated', direction: 'desc', per_page: '100', page: '1' })
  })

  test('sort=updated sorts ascending unless told (the spec\'s default), direction=desc reverses it', async () => {
    const asc = (await gh.call('/repos/acme/api/pulls?sort=updated&per_page=100')).body as Pull[]
    const updated = asc.map(p => p.updated_at)
    expect(updated).toEqual([...updated].sort())
    expect(new Set(updated).size).toBe(100) // all distinct, so the order is meaningful
    const desc = (await gh.call('/repos/acme/api/pulls?sort=updated&direction=desc&per_page=5')).body as Pull[]
    const latest = openIn('acme/api').sort((a, b) => b.updated_at.localeCompare(a.updated_at)).slice(0, 5).map(i => i.number)
    expect(numbers(desc)).toEqual(latest)
    // updated_at orders them unlike creation (which is number order).
    expect(numbers(desc)).not.toEqual([...numbers(desc)].sort((a, b) => b - a))
  })

  test('sort=popularity orders by comments; long-running keeps those open over a month with activity this month', async () => {
    const popular = (await gh.call('/repos/acme/api/pulls?sort=popularity&direction=desc&per_page=3')).body as Pull[]
    const byNumber = new Map(seed.items.filter(i => i.repo === 'acme/api').map(i => [i.number, i]))
    expect(popular.map(p => byNumber.get(p.number)!.comments)).toEqual([12, 12, 12])
    const now = Date.parse('2026-10-03T00:00:00Z')
    // A second fake whose clock reads 2026-10-03 (the seed's pull requests were updated 2026-09-01..05).
    const fake = await startFakeGitHub({ token: TOKEN, now: () => now })
    try {
      const res = await fetch(`${fake.url}/repos/acme/api/pulls?sort=long-running&per_page=100`, { headers: { authorization: `token ${fake.token}` } })
      const body = await res.json() as Pull[]
      const month = 30 * 86_400_000
      const expected = openIn('acme/api').filter(i => Date.parse(i.created_at) < now - month && Date.parse(i.updated_at) >= now - month)
      expect(expected.length).toBeGreaterThan(0)
      expect(expected.length).toBeLessThan(130)
      expect(body.map(p => p.number).sort((a, b) => a - b)).toEqual(expected.map(i => i.number).sort((a, b) => a - b))
      expect(gh.spec()?.problems(fake.responses) ?? []).toEqual([])
    } finally { await fake.close() }
  })

  test('state=closed and state=all; head (owner:branch) and base filters', async () => {
    const closed = (await gh.call('/repos/acme/web/pulls?state=closed')).body as Pull[]
    expect(numbers(closed).sort((a, b) => a - b)).toEqual([10, 17])
    expect((await gh.call('/repos/acme/web/pulls?state=all')).body).toHaveLength(14)
    const head = await gh.call('/repos/acme/web/pulls?head=acme:alice/add-rate-limiting-to-checkout-1')
    expect(numbers(head.body)).toEqual([1])
    expect(head.body[0].head).toMatchObject({ label: 'acme:alice/add-rate-limiting-to-checkout-1', ref: 'alice/add-rate-limiting-to-checkout-1' })
    expect((await gh.call('/repos/acme/web/pulls?head=globex:alice/add-rate-limiting-to-checkout-1')).body).toEqual([])
    // The owner matches without regard to case, the branch does not.
    expect(numbers((await gh.call('/repos/acme/web/pulls?head=ACME:alice/add-rate-limiting-to-checkout-1')).body)).toEqual([1])
    expect((await gh.call('/repos/acme/web/pulls?head=acme:Alice/add-rate-limiting-to-checkout-1')).body).toEqual([])
    expect((await gh.call('/repos/acme/web/pulls?base=main')).body).toHaveLength(12)
    expect((await gh.call('/repos/acme/web/pulls?base=release')).body).toEqual([])
  })

  test('each pull request names its repository, author, branches and links on the fake\'s host (API) and github.com (web)', async () => {
    const [pull] = (await gh.call('/repos/acme/web/pulls?head=acme:alice/add-rate-limiting-to-checkout-1')).body
    expect(pull).toMatchObject({
      url: `${gh.fake().url}/repos/acme/web/pulls/1`, html_url: 'https://github.com/acme/web/pull/1', number: 1, state: 'open', draft: false,
      title: 'Add rate limiting to checkout', user: { login: 'alice', type: 'User' }, base: { ref: 'main', repo: { full_name: 'acme/web', archived: false } },
      labels: [{ name: 'enhancement' }], closed_at: null, merged_at: null, locked: false
    })
    expect(pull._links.statuses.href).toBe(`${gh.fake().url}/repos/acme/web/statuses/${String(pull.head.sha)}`)
    const drafts = ((await gh.call('/repos/acme/api/pulls?per_page=100&page=1')).body as Pull[]).concat((await gh.call('/repos/acme/api/pulls?per_page=100&page=2')).body as Pull[]).filter(p => p.draft)
    expect(drafts).toHaveLength(22)
    const bump = ((await gh.call('/repos/acme/api/pulls?per_page=30')).body as Pull[]).find(p => p.title.startsWith('Bump '))!
    expect(bump.user).toMatchObject({ login: 'dependabot[bot]', type: 'Bot' })
  })

  test('per_page is capped at 100; a page past the end is empty; names match without regard to case', async () => {
    expect((await gh.call('/repos/acme/api/pulls?per_page=500')).body).toHaveLength(100)
    const past = await gh.call('/repos/acme/api/pulls?per_page=100&page=3')
    expect([past.status, past.body]).toEqual([200, []])
    expect(numbers((await gh.call('/repos/ACME/Web/pulls')).body)).toEqual(numbers((await gh.call('/repos/acme/web/pulls')).body))
    // Everything on one page: no Link header at all.
    expect((await gh.call('/repos/globex/widgets/pulls')).headers.get('link')).toBeNull()
  })

  test('an unknown repository is a 404 with GitHub\'s body; an unknown enum value or parameter a 422', async () => {
    const { status, body } = await gh.call('/repos/acme/nope/pulls')
    expect([status, body]).toEqual([404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/pulls/pulls#list-pull-requests', status: '404' }])
    const bad = await gh.call('/repos/acme/api/pulls?state=merged')
    expect([bad.status, bad.body.message, bad.body.errors]).toEqual([422, 'Validation Failed', [{ resource: 'PullRequest', field: 'state', code: 'invalid', value: 'merged' }]])
    // GitHub would ignore a parameter it does not declare (here a misspelt state) and list open ones.
    const misspelt = await gh.call('/repos/acme/api/pulls?status=closed')
    expect([misspelt.status, misspelt.body.message]).toEqual([422, 'fake GitHub: status is not a parameter of GET /repos/{owner}/{repo}/pulls (GitHub would ignore it)'])
  })
})

describe('fake GitHub: repositories and users', () => {
  test('GET /repos/{owner}/{repo}: the full repository, archived and private flags as seeded', async () => {
    const api = await gh.call('/repos/acme/api')
    expect(api.body).toMatchObject({ full_name: 'acme/api', archived: false, private: false, visibility: 'public', default_branch: 'main', open_issues_count: 134, owner: { login: 'acme', type: 'Organization' }, organization: { login: 'acme' } })
    expect(api.body.url).toBe(`${gh.fake().url}/repos/acme/api`)
    expect((await gh.call('/repos/acme/legacy')).body).toMatchObject({ archived: true })
    expect((await gh.call('/repos/acme/infra')).body).toMatchObject({ private: true, visibility: 'private' })
    expect((await gh.call('/repos/acme/nope')).body).toEqual({ message: 'Not Found', documentation_url: 'https://docs.github.com/rest/repos/repos#get-a-repository', status: '404' })
  })

  test('GET /orgs/{org}/repos: minimal repositories, type filter, sort and direction, paging', async () => {
    const names = async (query: string): Promise<string[]> => ((await gh.call(`/orgs/acme/repos${query}`)).body as Array<{ name: string }>).map(r => r.name)
    expect(await names('')).toEqual(['docs', 'legacy', 'infra', 'web', 'api']) // created, newest first
    expect(await names('?sort=full_name')).toEqual(['api', 'docs', 'infra', 'legacy', 'web'])
    expect(await names('?sort=full_name&direction=desc')).toEqual(['web', 'legacy', 'infra', 'docs', 'api'])
    expect(await names('?type=private')).toEqual(['infra'])
    expect(await names('?type=forks')).toEqual([])
    const paged = await gh.call('/orgs/acme/repos?sort=full_name&per_page=2&page=2')
    expect(paged.body.map((r: { name: string }) => r.name)).toEqual(['infra', 'legacy'])
    expect(Object.keys(links(paged.headers.get('link')))).toEqual(['prev', 'next', 'last', 'first'])
    expect(paged.body[0]).not.toHaveProperty('organization') // a full-repository field, not a minimal one
    expect((await gh.call('/orgs/globex/repos')).body.map((r: { full_name: string }) => r.full_name)).toEqual(['globex/widgets'])
    // A user is not an organization.
    expect((await gh.call('/orgs/alice/repos')).status).toBe(404)
  })

  test('GET /users/{username}: people, organizations and bots; 404 otherwise', async () => {
    expect((await gh.call('/users/alice')).body).toMatchObject({ login: 'alice', id: 1001, type: 'User', name: 'Alice Andersen', html_url: 'https://github.com/alice' })
    expect((await gh.call('/users/acme')).body).toMatchObject({ login: 'acme', type: 'Organization' })
    const bot = await gh.call(`/users/${encodeURIComponent('dependabot[bot]')}`)
    expect(bot.body).toMatchObject({ login: 'dependabot[bot]', type: 'Bot', html_url: 'https://github.com/apps/dependabot' })
    expect(bot.body.url).toBe(`${gh.fake().url}/users/dependabot%5Bbot%5D`)
    expect((await gh.call('/users/ALICE')).body.login).toBe('alice')
    expect((await gh.call('/users/nobody')).body).toEqual({ message: 'Not Found', documentation_url: 'https://docs.github.com/rest/users/users#get-a-user', status: '404' })
  })
})
