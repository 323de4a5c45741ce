// The fake GitHub's git side over real HTTP, for a deploy feature: commits by any ref,
// comparisons, combined statuses, check runs, deployments and deployment statuses, with their
// request bodies checked against the spec. Seed: acme/api has 20 commits on main, tags v1.0.0
// (main~12) and v1.1.0 (main~5), release/1.1 (v1.1.0 plus a hotfix), a branch per open pull
// request; main's CI passed after a failed first build. Every answer is checked against the
// spec after each test (harness.ts).
import { describe, expect, test } from '@jest/globals'
import { links, useFakeGitHub } from '../fakes/github/harness.ts'
import { seedState } from '../fakes/github/state.ts'

const gh = useFakeGitHub()
const seed = seedState()
const refs = seed.refs['acme/api']
const MAIN = refs.branches.main
const pull = (n: number): NonNullable<typeof seed.items[number]['pull']> => seed.items.find(i => i.repo === 'acme/api' && i.number === n)!.pull!
const post = async (path: string, body: unknown): ReturnType<typeof gh.call> => gh.call(path, { method: 'POST', body })

describe('fake GitHub: commits', () => {
  test('a ref resolves as GitHub resolves it: branch, tag, heads/ and tags/ forms, refs/..., a short SHA, an encoded slash', async () => {
    const tip = await gh.call('/repos/acme/api/commits/main')
    expect(tip.body).toMatchObject({ sha: MAIN, commit: { message: 'Fix: handle empty carts in shipping', author: { name: 'Bob Berg', email: '1002+bob@users.noreply.github.com' } }, author: { login: 'bob' }, stats: { additions: 22, deletions: 4, total: 26 } })
    expect(tip.body.files).toEqual([expect.objectContaining({ filename: 'src/shipping.ts', status: 'modified', changes: 26 })])
    expect(tip.body.parents).toHaveLength(1)
    for (const [ref, sha] of [['v1.1.0', refs.tags['v1.1.0']], ['tags/v1.0.0', refs.tags['v1.0.0']], ['heads/release/1.1', refs.branches['release/1.1']],
      ['release%2F1.1', refs.branches['release/1.1']], ['refs/heads/main', MAIN], [MAIN.slice(0, 7), MAIN], [MAIN, MAIN]]) {
      const { status, body } = await gh.call(`/repos/acme/api/commits/${ref}`)
      expect({ ref, status, sha: body.sha }).toEqual({ ref, status: 200, sha })
    }
  })

  test('the sha media type answers the bare SHA; an unknown ref is GitHub\'s 422', async () => {
    const bare = await gh.call('/repos/acme/api/commits/main', { headers: { accept: 'application/vnd.github.sha' } })
    expect([bare.status, bare.headers.get('content-type'), bare.body]).toEqual([200, 'application/vnd.github.sha; charset=utf-8', MAIN])
    const unknown = await gh.call('/repos/acme/api/commits/no-such-branch')
    expect([unknown.status, unknown.body.message]).toEqual([422, 'No commit found for SHA: no-such-branch'])
  })
})

describe('fake GitHub: compare', () => {
  test('ahead, behind, diverged, identical; commits oldest first; base and merge base', async () => {
    const ahead = await gh.call('/repos/acme/api/compare/v1.0.0...main')
    expect(ahead.body).toMatchObject({ status: 'ahead', ahead_by: 12, behind_by: 0, total_commits: 12, base_commit: { sha: refs.tags['v1.0.0'] }, merge_base_commit: { sha: refs.tags['v1.0.0'] } })
    const dates = (ahead.body.commits as Array<{ commit: { author: { date: string } } }>).map(c => c.commit.author.date)
    expect(dates).toEqual([...dates].sort())
    expect(ahead.body.commits.at(-1).sha).toBe(MAIN)
    expect(ahead.body.html_url).toBe('https://github.com/acme/api/compare/v1.0.0...main')
    expect((await gh.call('/repos/acme/api/compare/main...v1.0.0')).body).toMatchObject({ status: 'behind', ahead_by: 0, behind_by: 12, commits: [] })
    const diverged = await gh.call('/repos/acme/api/compare/main...release/1.1')
    expect(diverged.body).toMatchObject({ status: 'diverged', ahead_by: 1, behind_by: 5, merge_base_commit: { sha: refs.tags['v1.1.0'] } })
    expect(diverged.body.commits.map((c: { commit: { message: string } }) => c.commit.message)).toEqual(['Hotfix: do not retry non-idempotent requests'])
    expect((await gh.call('/repos/acme/api/compare/main...main')).body).toMatchObject({ status: 'identical', ahead_by: 0, total_commits: 0 })
  })

  test('a pull request\'s branch against main: its own commits, and the files they touch', async () => {
    const { body } = await gh.call(`/repos/acme/api/compare/main...${pull(1).head.ref}`)
    expect(body).toMatchObject({ status: 'diverged', ahead_by: 3, behind_by: 16 })
    expect(body.commits.map((c: { commit: { message: string } }) => c.commit.message)).toEqual(['Add rate limiting to checkout', 'Address review comments (1)', 'Address review comments (2)'])
    expect(body.files.map((f: { filename: string }) => f.filename)).toEqual(['src/checkout.ts', 'src/billing.ts', 'src/search.ts'])
  })

  test('with per_page or page it pages the commits by Link, files only on page 1', async () => {
    const first = await gh.call('/repos/acme/api/compare/v1.0.0...main?per_page=5')
    expect([first.body.commits.length, first.body.files.length > 0, first.body.total_commits]).toEqual([5, true, 12])
    const rel = links(first.headers.get('link'))
    expect(new URL(rel.last).searchParams.get('page')).toBe('3')
    const last = await gh.call(rel.last)
    expect([last.body.commits.length, last.body.files]).toEqual([2, undefined])
    expect(last.body.commits.at(-1).sha).toBe(MAIN)
  })

  test('an unknown ref, two dots, or another fork\'s ref are 404s', async () => {
    for (const basehead of ['main...nope', 'v1.0.0..main', 'octocat:main...main']) {
      expect({ basehead, status: (await gh.call(`/repos/acme/api/compare/${basehead}`)).status }).toEqual({ basehead, status: 404 })
    }
  })
})

describe('fake GitHub: statuses and check runs', () => {
  test('the combined status takes the latest status per context: main passed after a failed build', async () => {
    const { body } = await gh.call('/repos/acme/api/commits/main/status')
    expect(body).toMatchObject({ state: 'success', sha: MAIN, total_count: 2, repository: { full_name: 'acme/api' } })
    expect(body.statuses.map((s: { context: string, state: string }) => [s.context, s.state])).toEqual([['ci/build', 'success'], ['security/scan', 'success']])
    expect(body.url).toBe(`${gh.fake().url}/repos/acme/api/commits/${MAIN}/status`)
  })

  test('pending with a pending context or none at all; failure with an error or failure', async () => {
    const combined = async (ref: string): Promise<[string, number]> => { const { body } = await gh.call(`/repos/acme/api/commits/${ref}/status`); return [body.state, body.total_count] }
    expect(await combined('release/1.1')).toEqual(['pending', 1])
    expect(await combined('v1.0.0')).toEqual(['pending', 0])
    expect(await combined(pull(1).head.ref)).toEqual(['success', 1])
    expect(await combined(pull(2).head.ref)).toEqual(['failure', 1])
    expect(await combined(pull(3).head.ref)).toEqual(['failure', 1]) // error counts as failure
    expect((await gh.call('/repos/acme/api/commits/nope/status')).status).toBe(404)
  })

  test('check runs: latest per name by default, all with filter=all; check_name and status filters; the pull requests on that commit', async () => {
    const names = async (query: string): Promise<Array<[string, string, string | null]>> =>
      ((await gh.call(`/repos/acme/api/commits/${query}`)).body.check_runs as Array<{ name: string, status: string, conclusion: string | null }>).map(r => [r.name, r.status, r.conclusion])
    expect(await names('main/check-runs')).toEqual([['lint', 'completed', 'success'], ['build', 'completed', 'success']])
    expect(await names('main/check-runs?filter=all')).toHaveLength(3)
    expect(await names('main/check-runs?filter=all&check_name=build')).toEqual([['build', 'completed', 'success'], ['build', 'completed', 'failure']])
    expect(await names('release/1.1/check-runs?status=in_progress')).toEqual([['build', 'in_progress', null]])
    expect(await names('release/1.1/check-runs?status=completed')).toEqual([])
    const onPull = await gh.call(`/repos/acme/api/commits/${pull(2).head.sha}/check-runs`)
    expect(onPull.body.total_count).toBe(1)
    expect(onPull.body.check_runs[0].pull_requests).toEqual([expect.objectContaining({ number: 2, head: expect.objectContaining({ sha: pull(2).head.sha }) })])
    expect((await gh.call('/repos/acme/api/commits/main/check-runs?status=done')).status).toBe(422)
  })
})

describe('fake GitHub: deployments', () => {
  test('list newest first, filtered by environment, ref, sha; one by id; its statuses newest first', async () => {
    const ids = async (query = ''): Promise<number[]> => ((await gh.call(`/repos/acme/api/deployments${query}`)).body as Array<{ id: number }>).map(d => d.id)
    expect(await ids()).toEqual([7002, 7001])
    expect(await ids('?environment=production')).toEqual([7001])
    expect(await ids('?ref=main')).toEqual([7002])
    expect(await ids(`?sha=${refs.tags['v1.1.0']}`)).toEqual([7001])
    expect((await gh.call('/repos/acme/api/deployments/7001')).body).toMatchObject({ id: 7001, ref: 'v1.1.0', environment: 'production', creator: { login: 'acme-hubot' } })
    expect((await gh.call('/repos/acme/web/deployments/7001')).status).toBe(404) // another repository's
    const statuses = (await gh.call('/repos/acme/api/deployments/7001/statuses')).body as Array<{ id: number, state: string }>
    expect(statuses.map(s => [s.id, s.state])).toEqual([[8002, 'success'], [8001, 'in_progress']])
  })

  test('create: 201 with the defaults GitHub applies, made by the token\'s user, on the ref\'s SHA', async () => {
    const { status, body } = await post('/repos/acme/api/deployments', { ref: 'main', environment: 'staging', payload: '{ "deploy": "migrate" }', description: 'Deploy request from hubot' })
    expect(status).toBe(201)
    expect(body).toMatchObject({ id: 7004, sha: MAIN, ref: 'main', task: 'deploy', environment: 'staging', original_environment: 'staging', payload: { deploy: 'migrate' },
      production_environment: false, transient_environment: false, creator: { login: 'acme-hubot' }, description: 'Deploy request from hubot' })
    expect(body.url).toBe(`${gh.fake().url}/repos/acme/api/deployments/7004`)
    const prod = await post('/repos/acme/api/deployments', { ref: 'v1.1.0' })
    expect(prod.body).toMatchObject({ environment: 'production', production_environment: true, sha: refs.tags['v1.1.0'] })
    expect((await gh.call('/repos/acme/api/deployments?per_page=2')).body.map((d: { id: number }) => d.id)).toEqual([7005, 7004])
  })

  test('auto_merge: a branch behind main gets main merged in (202, nothing deployed); the next request deploys the merge', async () => {
    const merged = await post('/repos/acme/api/deployments', { ref: 'release/1.1', environment: 'qa' })
    expect([merged.status, merged.body]).toEqual([202, { message: 'Auto-merged main into release/1.1 on deployment.' }])
    const tip = (await gh.call('/repos/acme/api/commits/release/1.1')).body
    expect(tip.parents.map((p: { sha: string }) => p.sha)).toEqual([refs.branches['release/1.1'], MAIN])
    expect((await gh.call('/repos/acme/api/compare/main...release/1.1')).body).toMatchObject({ status: 'ahead', behind_by: 0 })
    const deployed = await post('/repos/acme/api/deployments', { ref: 'release/1.1', environment: 'qa' })
    expect([deployed.status, deployed.body.sha]).toEqual([201, tip.sha])
    expect((await post('/repos/acme/api/deployments', { ref: pull(1).head.ref, auto_merge: false, required_contexts: [] })).status).toBe(201)
  })

  test('required contexts: a failed one is GitHub\'s 409; an empty list skips the check', async () => {
    const ref = pull(2).head.ref
    const failed = await post('/repos/acme/api/deployments', { ref, auto_merge: false })
    expect([failed.status, failed.body.message]).toEqual([409, `Conflict: Commit status checks failed for ${ref}.`])
    expect((await post('/repos/acme/api/deployments', { ref, auto_merge: false, required_contexts: ['security/scan'] })).status).toBe(409) // never reported
    expect((await post('/repos/acme/api/deployments', { ref, auto_merge: false, required_contexts: [] })).status).toBe(201)
    expect(gh.fake().state.deployments.filter(d => d.ref === ref)).toHaveLength(1)
  })

  test('bodies are checked against the spec: missing ref, a wrong type, an undeclared property, bad JSON, an unknown ref', async () => {
    const message = async (body: unknown): Promise<[number, string]> => { const r = await post('/repos/acme/api/deployments', body); return [r.status, r.body.message] }
    expect(await message({ environment: 'staging' })).toEqual([422, 'Invalid request.\n\n"ref" wasn\'t supplied.'])
    expect(await message({ ref: 'main', auto_merge: 'yes' })).toEqual([422, 'Invalid request.\n\nFor \'properties/auto_merge\', "yes" is not a boolean.'])
    expect(await message({ ref: 'main', enviroment: 'staging' })).toEqual([422, 'Invalid request.\n\nfake GitHub: "enviroment" is not a property of this request (GitHub would ignore it).'])
    expect(await message('{"ref": ')).toEqual([400, 'Problems parsing JSON'])
    expect(await message({ ref: 'no-such-branch' })).toEqual([422, 'No ref found for: no-such-branch'])
    expect(gh.fake().state.deployments).toHaveLength(3)
  })

  test('a deployment status: 201 with Location; log_url sets target_url; the environment is the deployment\'s', async () => {
    const { status, body, headers } = await post('/repos/acme/api/deployments/7001/statuses', { state: 'in_progress', log_url: 'https://deploy.acme.example/logs/7001/2', description: 'Re-deploying' })
    expect(status).toBe(201)
    expect(body).toMatchObject({ state: 'in_progress', target_url: 'https://deploy.acme.example/logs/7001/2', log_url: 'https://deploy.acme.example/logs/7001/2', environment: 'production', creator: { login: 'acme-hubot' }, description: 'Re-deploying' })
    expect(headers.get('location')).toBe(body.url)
    expect(body.url).toBe(`${gh.fake().url}/repos/acme/api/deployments/7001/statuses/${String(body.id)}`)
    expect((await gh.call('/repos/acme/api/deployments/7001/statuses')).body[0].id).toBe(body.id)
  })

  test('auto_inactive: a success retires the earlier successful non-production deployment to that environment, unless told not to', async () => {
    const created = (await post('/repos/acme/api/deployments', { ref: 'main', environment: 'staging' })).body
    await post(`/repos/acme/api/deployments/${String(created.id)}/statuses`, { state: 'success' })
    const staging = (await gh.call('/repos/acme/api/deployments/7002/statuses')).body as Array<{ state: string }>
    expect(staging.map(s => s.state)).toEqual(['inactive', 'success'])
    const again = (await post('/repos/acme/api/deployments', { ref: 'main', environment: 'staging' })).body
    await post(`/repos/acme/api/deployments/${String(again.id)}/statuses`, { state: 'success', auto_inactive: false })
    expect(((await gh.call(`/repos/acme/api/deployments/${String(created.id)}/statuses`)).body as Array<{ state: string }>).map(s => s.state)).toEqual(['success'])
  })

  test('status bodies: state from the spec\'s enum, description at most 140 characters; an unknown deployment is a 404', async () => {
    const bad = await post('/repos/acme/api/deployments/7001/statuses', { state: 'done' })
    expect([bad.status, bad.body.message]).toEqual([422, 'Invalid request.\n\nFor \'properties/state\', "done" is not a member of ["error","failure","inactive","in_progress","queued","pending","success"].'])
    const long = await post('/repos/acme/api/deployments/7001/statuses', { state: 'success', description: 'x'.repeat(141) })
    expect([long.status, long.body.errors[0].field]).toEqual([422, 'description'])
    expect((await post('/repos/acme/api/deployments/9999/statuses', { state: 'success' })).status).toBe(404)
  })
})
