// The fake GitHub over real HTTP, apart from what each route returns: the token check, the
// request log, rate-limit headers and a primary limit that runs out, failure injection (primary
// and secondary rate limits, 5xx), hangs, the GitHub Enterprise base path /api/v3 and
// Enterprise without rate limiting. Every answer is checked against the spec after each test.
import { describe, expect, test } from '@jest/globals'
import { startFakeGitHub } from '../fakes/github/fake-github.ts'
import { TOKEN, useFakeGitHub } from '../fakes/github/harness.ts'

const gh = useFakeGitHub()

describe('fake GitHub: auth and the request log', () => {
  test.each([['token', `token ${TOKEN}`], ['Bearer', `Bearer ${TOKEN}`], ['a scheme in another case', `TOKEN ${TOKEN}`]])('%s is accepted', async (_name, auth) => {
    expect((await gh.call('/users/alice', { auth })).status).toBe(200)
  })

  test.each([
    ['no header', null, 'Requires authentication'],
    ['a wrong token', 'token ghp_wrong', 'Bad credentials'],
    ['Basic auth', `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}`, 'Bad credentials'],
    ['the token without a scheme', TOKEN, 'Bad credentials']
  ])('%s is a 401 with GitHub\'s body', async (_name, auth, message) => {
    const { status, body, headers } = await gh.call('/repos/acme/api/pulls', { auth })
    expect([status, body]).toEqual([401, { message, documentation_url: 'https://docs.github.com/rest', status: '401' }])
    // Unauthenticated requests count against the 60-an-hour limit, and say so.
    expect([headers.get('x-ratelimit-limit'), headers.get('x-ratelimit-used')]).toEqual(['60', '1'])
  })

  test('the log keeps method, path, decoded query and body, never the token', async () => {
    await gh.call('/search/issues?q=is%3Apr+author%3Aalice&per_page=5')
    await gh.call('/repos/acme/api/deployments', { method: 'POST', body: { ref: 'main', environment: 'staging', required_contexts: [] }, auth: `Bearer ${TOKEN}` })
    const [search, post] = gh.fake().requests
    expect([search.method, search.path, search.query.get('q'), search.query.get('per_page'), search.auth]).toEqual(['GET', '/search/issues', 'is:pr author:alice', '5', { scheme: 'token', ok: true }])
    expect([post.method, post.body, post.headers.authorization]).toEqual(['POST', { ref: 'main', environment: 'staging', required_contexts: [] }, 'Bearer [redacted]'])
    expect(JSON.stringify(gh.fake().requests)).not.toContain(TOKEN)
  })
})

describe('fake GitHub: rate limits', () => {
  test('every answer carries x-ratelimit-* for its resource; used counts up, /rate_limit is not counted', async () => {
    const answers = [await gh.call('/users/alice'), await gh.call('/repos/acme/nope'), await gh.call('/nothing')]
    expect(answers.map(a => [a.status, a.headers.get('x-ratelimit-resource'), a.headers.get('x-ratelimit-used'), a.headers.get('x-ratelimit-remaining')]))
      .toEqual([[200, 'core', '1', '4999'], [404, 'core', '2', '4998'], [404, 'core', '3', '4997']])
    const reset = Number(answers[0].headers.get('x-ratelimit-reset'))
    expect(reset).toBeGreaterThan(Date.now() / 1000)
    expect(reset).toBeLessThanOrEqual(Date.now() / 1000 + 3600)
    const overview = await gh.call('/rate_limit')
    expect(overview.body.resources.core).toEqual({ limit: 5000, used: 3, remaining: 4997, reset })
    expect(overview.body.rate).toEqual(overview.body.resources.core)
    expect(overview.body.resources.search).toMatchObject({ limit: 30, used: 0, remaining: 30 })
    expect((await gh.call('/rate_limit')).body.resources.core.used).toBe(3)
  })

  test('a used-up budget is GitHub\'s 403 with x-ratelimit-remaining 0 until the window resets', async () => {
    let now = Date.parse('2026-11-27T10:00:00Z')
    const fake = await startFakeGitHub({ token: TOKEN, now: () => now, limits: { core: 2 } })
    const get = async (): Promise<Response> => fetch(`${fake.url}/users/alice`, { headers: { authorization: `token ${TOKEN}` } })
    try {
      expect([(await get()).status, (await get()).status]).toEqual([200, 200])
      const limited = await get()
      const body = await limited.json() as { message: string, documentation_url: string }
      expect(limited.status).toBe(403)
      expect([limited.headers.get('x-ratelimit-remaining'), limited.headers.get('x-ratelimit-reset')]).toEqual(['0', String(now / 1000 + 3600)])
      expect(body.message).toMatch(/^API rate limit exceeded for user ID 1100\./)
      expect(body.documentation_url).toBe('https://docs.github.com/rest/overview/rate-limits-for-the-rest-api')
      now += 3600_000
      expect((await get()).status).toBe(200)
      expect(gh.spec()?.problems(fake.responses) ?? []).toEqual([])
    } finally { await fake.close() }
  })

  test('rateLimits.exhaust uses up a budget on the running fake (search here), core is untouched', async () => {
    gh.fake().rateLimits.exhaust('search')
    const limited = await gh.call('/search/issues?q=is%3Apr')
    expect([limited.status, limited.headers.get('x-ratelimit-resource'), limited.headers.get('x-ratelimit-remaining')]).toEqual([403, 'search', '0'])
    expect((await gh.call('/users/alice')).status).toBe(200)
  })
})

describe('fake GitHub: failure injection', () => {
  test('failNext(403, primary): remaining 0 and the reset time, as octokit\'s throttling plugin reads them; then the request succeeds', async () => {
    gh.fake().failNext(403, { rateLimit: 'primary' })
    const limited = await gh.call('/repos/acme/api/pulls')
    expect(limited.status).toBe(403)
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0')
    expect(Number(limited.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000)
    expect(limited.body.message).toMatch(/^API rate limit exceeded/)
    expect((await gh.call('/repos/acme/api/pulls')).status).toBe(200)
    expect(gh.fake().requests).toHaveLength(2)
  })

  test('a 403 given x-ratelimit-remaining: 0 and a reset is a primary limit too, with those headers', async () => {
    gh.fake().failNext(403, { headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1800000000' } })
    const { status, headers, body } = await gh.call('/users/alice')
    expect([status, headers.get('x-ratelimit-remaining'), headers.get('x-ratelimit-reset')]).toEqual([403, '0', '1800000000'])
    expect(body.message).toMatch(/^API rate limit exceeded/)
  })

  test('a secondary limit: 429 (or 403) with retry-after and "secondary rate limit" in the message; times repeats it', async () => {
    gh.fake().failNext(429, { times: 2, retryAfter: 7 })
    gh.fake().failNext(403, { rateLimit: 'secondary', retryAfter: null })
    const answers = [await gh.call('/users/alice'), await gh.call('/users/alice'), await gh.call('/users/alice'), await gh.call('/users/alice')]
    expect(answers.map(a => [a.status, a.headers.get('retry-after')])).toEqual([[429, '7'], [429, '7'], [403, null], [200, null]])
    expect(answers.slice(0, 3).every(a => /\bsecondary rate limit\b/.test(a.body.message as string))).toBe(true)
    // A secondary limit leaves the primary budget alone.
    expect(answers[0].headers.get('x-ratelimit-remaining')).not.toBe('0')
  })

  test.each([
    [500, { message: 'Server Error', documentation_url: 'https://docs.github.com/rest', status: '500' }],
    [502, { message: 'Server Error', documentation_url: 'https://docs.github.com/rest', status: '502' }],
    [503, { message: 'Service Unavailable', documentation_url: 'https://docs.github.com/rest' }],
    [403, { message: 'Resource not accessible by personal access token', documentation_url: 'https://docs.github.com/rest', status: '403' }]
  ])('%i answers GitHub\'s body for it, even with a good token', async (code, expected) => {
    gh.fake().failNext(code)
    expect(await gh.call('/repos/acme/api')).toMatchObject({ status: code, body: expected })
  })

  test('a given body and headers are sent as given (a text body as text/html, as GitHub\'s 502 page is)', async () => {
    gh.fake().failNext(502, { body: '<html><body>Unicorn!</body></html>' })
    gh.fake().failNext(500, { body: { message: 'Something broke' }, headers: { 'x-extra': 'yes' } })
    const [text, json] = [await gh.call('/users/alice'), await gh.call('/users/alice')]
    expect([text.status, text.headers.get('content-type'), text.body]).toEqual([502, 'text/html; charset=utf-8', '<html><body>Unicorn!</body></html>'])
    expect([json.status, json.body, json.headers.get('x-extra')]).toEqual([500, { message: 'Something broke' }, 'yes'])
  })

  test('hangNext: the request is never answered (a client timeout fires), the next one is', async () => {
    gh.fake().hangNext()
    const hung = fetch(`${gh.fake().url}/users/alice`, { headers: { authorization: `token ${TOKEN}` }, signal: AbortSignal.timeout(200) })
    await expect(hung).rejects.toMatchObject({ name: 'TimeoutError' })
    expect((await gh.call('/users/alice')).status).toBe(200)
    expect(gh.fake().requests).toHaveLength(2)
    expect(gh.fake().responses).toHaveLength(1)
  })
})

describe('fake GitHub: versions, media types, base paths', () => {
  test('X-GitHub-Api-Version 2022-11-28 (what the spec describes) is served; another version is refused', async () => {
    const ok = await gh.call('/users/alice', { headers: { 'x-github-api-version': '2022-11-28' } })
    expect([ok.status, ok.headers.get('x-github-api-version-selected')]).toEqual([200, '2022-11-28'])
    const other = await gh.call('/users/alice', { headers: { 'x-github-api-version': '2026-03-10' } })
    expect([other.status, other.body.message]).toEqual([400, 'fake GitHub: API version 2026-03-10 is not modelled (the spec describes 2022-11-28)'])
  })

  test('a diff or patch media type is refused (415), not answered with JSON', async () => {
    const diff = await gh.call('/repos/acme/api/compare/v1.0.0...main', { headers: { accept: 'application/vnd.github.diff' } })
    expect(diff.status).toBe(415)
  })

  test('under /api/v3 (GitHub Enterprise Server): API URLs carry the base path, web URLs the host; other paths are 404', async () => {
    const ghes = await startFakeGitHub({ token: TOKEN, basePath: '/api/v3' })
    try {
      expect(ghes.url).toBe(`${ghes.origin}/api/v3`)
      const headers = { authorization: `token ${TOKEN}` }
      const res = await fetch(`${ghes.url}/repos/acme/api/pulls?per_page=100`, { headers })
      const pulls = await res.json() as Array<{ url: string, html_url: string, user: { url: string } }>
      expect(pulls[0].url).toMatch(new RegExp(`^${ghes.origin}/api/v3/repos/acme/api/pulls/\\d+$`))
      expect(pulls[0].html_url).toMatch(new RegExp(`^${ghes.origin}/acme/api/pull/\\d+$`))
      expect(pulls[0].user.url).toMatch(new RegExp(`^${ghes.origin}/api/v3/users/`))
      expect(res.headers.get('link')).toBe(`<${ghes.origin}/api/v3/repos/acme/api/pulls?per_page=100&page=2>; rel="next", <${ghes.origin}/api/v3/repos/acme/api/pulls?per_page=100&page=2>; rel="last"`)
      expect((await fetch(`${ghes.origin}/repos/acme/api/pulls`, { headers })).status).toBe(404)
      expect(gh.spec()?.problems(ghes.responses) ?? []).toEqual([])
    } finally { await ghes.close() }
  })

  test('Enterprise without rate limiting: no x-ratelimit-* headers, and /rate_limit is a 404', async () => {
    const ghes = await startFakeGitHub({ token: TOKEN, basePath: '/api/v3', rateLimiting: false })
    try {
      const headers = { authorization: `token ${TOKEN}` }
      const user = await fetch(`${ghes.url}/users/alice`, { headers })
      expect([user.status, user.headers.get('x-ratelimit-limit')]).toEqual([200, null])
      const overview = await fetch(`${ghes.url}/rate_limit`, { headers })
      expect([overview.status, (await overview.json() as { message: string }).message]).toEqual([404, 'Rate limiting is not enabled.'])
      expect(gh.spec()?.problems(ghes.responses) ?? []).toEqual([])
    } finally { await ghes.close() }
  })

  test('an unknown route or a method a route does not take is GitHub\'s 404', async () => {
    expect((await gh.call('/repos/acme/api/issues')).body).toEqual({ message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' })
    expect((await gh.call('/repos/acme/api/pulls', { method: 'POST', body: { title: 'x' } })).status).toBe(404)
  })
})
