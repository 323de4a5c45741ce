// The GitHub fixtures and the fake's answers against GitHub's own OpenAPI description,
// strictly (no undeclared property anywhere; spec-check.ts), and proof that the check bites.
// Runs in CI (REQUIRE_SPECS=1); elsewhere skips when the specs folder is missing.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { ROOT } from '../helpers/bot.ts'
import { specsDirOrSkip } from '../helpers/requirements.ts'
import { startFakeGitHub, type FakeGitHub } from '../fakes/github/fake-github.ts'
import { TOKEN } from '../fakes/github/harness.ts'
import { compare, latestStatuses, renderCheckRun, renderCombinedStatus, renderCommit, renderComparison, renderDeployment, renderDeploymentStatus, renderPull, renderSearchItem, renderStatus, repoView } from '../fakes/github/render.ts'
import { loadGitHubSpec, type GitHubSpec } from '../fakes/github/spec-check.ts'
import { findCommit, seedState, type Obj } from '../fakes/github/state.ts'

const specs = specsDirOrSkip()
const maybe = specs == null ? describe.skip : describe
let spec: GitHubSpec
let fake: FakeGitHub
beforeAll(async () => {
  if (specs == null) return
  spec = loadGitHubSpec(specs)
  fake = await startFakeGitHub({ token: TOKEN })
})
afterAll(async () => { await fake?.close() })

const seed = seedState()
const PULLS = 'GET /repos/{owner}/{repo}/pulls'
const SEARCH = 'GET /search/issues'
const pulls = seed.items.filter(i => i.pull != null)
const pull = renderPull(seed, pulls[0])
const searchBody = (items: Obj[]): Obj => ({ total_count: items.length, incomplete_results: false, search_type: 'lexical', items })
const item = renderSearchItem(seed, pulls[0])

maybe('GitHub fixtures and fake against the spec', () => {
  test('the strict check bites: an invented field anywhere, a wrong type, a missing required field', () => {
    expect(spec.check(PULLS, 200, [pull])).toEqual([])
    expect(spec.check(PULLS, 200, [{ ...pull, invented_field: 1 }]).join()).toContain('invented_field')
    expect(spec.check(PULLS, 200, [{ ...pull, head: { ...pull.head, repo: { ...pull.head.repo, invented_repo: 1 } } }]).join()).toContain('invented_repo')
    expect(spec.check(PULLS, 200, [{ ...pull, user: { ...pull.user, invented_user: 1 } }]).join()).toContain('invented_user')
    expect(spec.check(PULLS, 200, [{ ...pull, number: '1' }])).not.toEqual([])
    expect(spec.check(PULLS, 200, [{ ...pull, author_association: 'FRIEND' }])).not.toEqual([])
    expect(spec.check(SEARCH, 200, searchBody([item]))).toEqual([])
    expect(spec.check(SEARCH, 200, searchBody([{ ...item, pull_request: { ...item.pull_request, invented_link: 1 } }])).join()).toContain('invented_link')
    expect(spec.check(SEARCH, 200, { ...searchBody([item]), invented_wrapper: 1 }).join()).toContain('invented_wrapper')
    // search_type is required (the brief's { total_count, incomplete_results, items } is not enough).
    const { search_type: _, ...withoutType } = searchBody([item])
    expect(spec.check(SEARCH, 200, withoutType).join()).toContain('search_type')
    expect(spec.check('GET /users/{username}', 200, { ...seed.users[1], invented_profile: 1 })).not.toEqual([])
  })

  test('error bodies bite too; a 2xx must answer an operation of the spec', () => {
    const notFound = { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' }
    expect(spec.check(PULLS, 404, notFound)).toEqual([])
    expect(spec.check(PULLS, 404, { ...notFound, invented_error: 1 }).join()).toContain('invented_error')
    expect(spec.check(null, 404, { error: 'Not Found' })).toEqual(['an error body has no `message`'])
    // validation-error declares no `status`: the fake leaves it out of every 422.
    expect(spec.check(SEARCH, 422, { message: 'Validation Failed', documentation_url: 'x', status: '422' }).join()).toContain('status')
    expect(spec.check(null, 200, {})).toEqual(['a 200 for a route the fake does not know'])
    expect(spec.check('GET /repos/{owner}/{repo}/issues', 200, [])).toEqual(['GET /repos/{owner}/{repo}/issues is not in the spec'])
    expect(spec.check('GET /users/{username}', 200, 'alice', 'text/plain')).not.toEqual([])
    expect(spec.check('GET /repos/{owner}/{repo}/commits/{ref}', 200, 'abc', 'application/vnd.github.sha; charset=utf-8')).toEqual([])
  })

  test('the one exception (a deployment status\'s URLs may be \'\', the spec\'s own default) is that narrow', () => {
    const status = renderDeploymentStatus(seed, seed.deploymentStatuses[0])
    const op = 'POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses'
    expect(spec.check(op, 201, { ...status, environment_url: '', target_url: '', log_url: '' })).toEqual([])
    expect(spec.check(op, 201, { ...status, environment_url: 'not a url' })).not.toEqual([])
    expect(spec.check(op, 201, { ...status, deployment_url: '' })).not.toEqual([])
    expect(spec.check('POST /repos/{owner}/{repo}/deployments', 201, { ...renderDeployment(seed, seed.deployments[0]), statuses_url: '' })).not.toEqual([])
  })

  test('the spec\'s examples fail where build-fixtures.mjs says it fixed them (so each fix is needed)', () => {
    const raw = JSON.parse(readFileSync(path.join(specs!, 'github', 'github-chatops-subset.json'), 'utf8')) as Obj
    const example = (name: string): unknown => raw.components.examples[name].value
    expect(spec.check(PULLS, 200, example('pull-request-simple-items')).join()).toMatch(/requested_teams\/0 must have required property 'type'.*template_repository/)
    expect(spec.check('GET /repos/{owner}/{repo}', 200, example('full-repository-default-response')).join()).toContain('must have required property \'language\'')
    expect(spec.check('GET /repos/{owner}/{repo}/commits/{ref}', 200, example('commit')).join()).toContain('/files/0 must have required property \'sha\'')
  })

  test('every record of the seed renders into a valid object, with nothing of the examples\' identities left', () => {
    const rendered: Array<[string, number, unknown]> = [
      [PULLS, 200, pulls.map(i => renderPull(seed, i))],
      [SEARCH, 200, searchBody(seed.items.map(i => renderSearchItem(seed, i)))],
      ['GET /orgs/{org}/repos', 200, seed.repos.map(r => repoView(seed, r, 'minimalRepository'))],
      ...seed.repos.map((r): [string, number, unknown] => ['GET /repos/{owner}/{repo}', 200, repoView(seed, r, 'fullRepository')]),
      ...seed.users.map((u): [string, number, unknown] => ['GET /users/{username}', 200, u]),
      ...seed.commits.map((c): [string, number, unknown] => ['GET /repos/{owner}/{repo}/commits/{ref}', 200, renderCommit(seed, c, true)]),
      ...seed.checkRuns.map((r): [string, number, unknown] => ['GET /repos/{owner}/{repo}/commits/{ref}/check-runs', 200, { total_count: 1, check_runs: [renderCheckRun(seed, r)] }]),
      ...seed.deployments.map((d): [string, number, unknown] => ['POST /repos/{owner}/{repo}/deployments', 201, renderDeployment(seed, d)]),
      ...seed.deploymentStatuses.map((s): [string, number, unknown] => ['POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', 201, renderDeploymentStatus(seed, s)]),
      ...[...new Set(seed.statuses.map(s => `${String(s.repo)} ${String(s.sha)}`))].map((key): [string, number, unknown] => {
        const [repo, sha] = key.split(' ')
        const latest = latestStatuses(seed, repo, sha)
        return ['GET /repos/{owner}/{repo}/commits/{ref}/status', 200, renderCombinedStatus(seed, repo, sha, latest.state, latest.statuses.map(s => renderStatus(seed, s)), latest.statuses.length)]
      })
    ]
    const main = seed.refs['acme/api'].branches.main
    const release = seed.refs['acme/api'].branches['release/1.1']
    const c = compare(seed, 'acme/api', main, release)!
    rendered.push(['GET /repos/{owner}/{repo}/compare/{basehead}', 200, renderComparison(seed, 'acme/api', 'main...release/1.1', findCommit(seed, 'acme/api', main)!, findCommit(seed, 'acme/api', release)!, c, c.ahead, true)])
    for (const [op, status, body] of rendered) expect({ op, errors: spec.check(op, status, body) }).toEqual({ op, errors: [] })
    // The examples' repositories, ids and the search example's typo'd link are all replaced.
    const text = JSON.stringify(rendered.map(r => r[2]))
    for (const leftover of ['Hello-World', 'octocat/example', 'pinyin-toolkit', 'github/hello-world', '1296269', 'https://api/github.com', 'ci.example.com']) expect({ leftover, found: text.includes(leftover) }).toEqual({ leftover, found: false })
  })

  test('the committed seed is exactly what build-fixtures.mjs builds from the spec now', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'github-seed-'))
    try {
      const out = path.join(dir, 'seed.json')
      execFileSync(process.execPath, [path.join(ROOT, 'test', 'fixtures', 'github', 'build-fixtures.mjs'), out], { env: { ...process.env, SPECS_DIR: specs! }, stdio: 'pipe' })
      expect(readFileSync(out, 'utf8')).toBe(readFileSync(path.join(ROOT, 'test', 'fixtures', 'github', 'seed.json'), 'utf8'))
    } finally { rmSync(dir, { recursive: true, force: true }) }
  })

  test('every kind of answer the fake gives validates, errors included', async () => {
    fake.reset()
    const call = async (p: string, init: { method?: string, body?: unknown, auth?: string | null, accept?: string } = {}): Promise<number> => {
      const headers: Record<string, string> = { accept: init.accept ?? 'application/vnd.github+json' }
      if (init.auth !== null) headers.authorization = init.auth ?? `token ${TOKEN}`
      const res = await fetch(fake.url + p, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body) })
      await res.arrayBuffer()
      return res.status
    }
    const statuses: number[] = []
    for (const p of ['/repos/acme/api/pulls?state=all&per_page=100', '/repos/acme/legacy/pulls', '/search/issues?q=is%3Aissue', '/search/issues?q=org%3Aacme&per_page=100&page=2', '/orgs/acme/repos', '/repos/acme/infra',
      '/users/acme', '/users/dependabot%5Bbot%5D', '/rate_limit', '/repos/acme/api/commits/release/1.1', '/repos/acme/api/compare/v1.0.0...main?per_page=4&page=2', '/repos/acme/web/commits/main/status',
      '/repos/acme/web/commits/main/check-runs', '/repos/acme/api/deployments', '/repos/acme/api/deployments/7002', '/repos/acme/api/deployments/7002/statuses',
      '/repos/acme/nope/pulls', '/orgs/nope/repos', '/users/nobody', '/repos/acme/api/commits/nope', '/repos/acme/api/compare/main...nope', '/repos/acme/api/deployments/1',
      '/search/issues?q=repo%3Aacme%2Fnope', '/search/issues?q=is%3Apr+created%3A%3E2026', '/search/issues', '/repos/acme/api/pulls?state=merged', '/repos/acme/api/pulls?labels=bug', '/nothing']) statuses.push(await call(p))
    statuses.push(await call('/repos/acme/api/commits/main', { accept: 'application/vnd.github.sha' }))
    statuses.push(await call('/repos/acme/api/commits/main', { accept: 'application/vnd.github.diff' }))
    statuses.push(await call('/users/alice', { auth: null }), await call('/users/alice', { auth: 'token wrong' }))
    statuses.push(await call('/repos/acme/api/deployments', { method: 'POST', body: { ref: 'main' } }))
    statuses.push(await call('/repos/acme/api/deployments', { method: 'POST', body: { ref: 'release/1.1' } }))
    statuses.push(await call('/repos/acme/api/deployments', { method: 'POST', body: { ref: 'bob/fix-flaky-billing-test-2', auto_merge: false } }))
    statuses.push(await call('/repos/acme/api/deployments', { method: 'POST', body: { environment: 'x' } }))
    statuses.push(await call('/repos/acme/api/deployments', { method: 'POST', body: 'not json' }))
    statuses.push(await call('/repos/acme/api/deployments/7002/statuses', { method: 'POST', body: { state: 'success' } }))
    for (const [code, options] of [[403, { rateLimit: 'primary' }], [429, {}], [403, { rateLimit: 'secondary' }], [403, {}], [422, {}], [500, {}], [502, {}], [503, {}]] as const) {
      fake.failNext(code, options)
      statuses.push(await call('/repos/acme/api'))
    }
    fake.rateLimits.exhaust('core')
    statuses.push(await call('/repos/acme/api'))
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200,
      404, 404, 404, 422, 404, 404, 422, 422, 422, 422, 422, 404, 200, 415, 401, 401, 201, 202, 409, 422, 400, 201, 403, 429, 403, 403, 422, 500, 502, 503, 403])
    expect(spec.problems(fake.responses)).toEqual([])
  })
})
