// CI results from GitHub (workflow_run and check_suite completed), from GitHub's example
// payloads: passed or failed, and a failure names its failing jobs, asked of the fake
// GitHub (one request, answers checked against GitHub's spec) when HUBOT_GITHUB_TOKEN is set.
import { afterEach, describe, expect, test } from '@jest/globals'
import { startTestBot, type TestBot } from '../helpers/bot.ts'
import { githubExample, sendGitHub } from '../helpers/webhooks.ts'
import { TOKEN, useFakeGitHub } from '../fakes/github/harness.ts'

const SECRET = 'ci-secret'
const SHA = '791d06e7fa11242985a91426540f49b0ace12569' // a commit of acme/api in the fake's seed
const SUITE = 990
const github = useFakeGitHub()
let bot: TestBot | undefined
afterEach(async () => { await bot?.stop(); bot = undefined })

async function ciBot (withToken: boolean): Promise<TestBot> {
  bot = await startTestBot({
    httpd: true, scripts: ['notify-github.ts'],
    env: {
      HUBOT_GITHUB_WEBHOOK_SECRET: SECRET, HUBOT_GITHUB_ROOMS: JSON.stringify({ '*': 'ci' }),
      ...(withToken ? { HUBOT_GITHUB_TOKEN: TOKEN, HUBOT_GITHUB_API: github.fake().url } : {})
    }
  })
  return bot
}

async function deliver (event: string, payload: unknown): Promise<string[]> {
  const before = bot!.adapter.said.length
  expect((await sendGitHub(bot!, SECRET, event, payload)).status).toBe(202)
  await bot!.context.work.idle()
  return bot!.said().slice(before)
}

/** GitHub's completed workflow run, as a failed run of acme/api's seeded commit. */
function failedRun (): Record<string, any> { // eslint-disable-line @typescript-eslint/no-explicit-any -- GitHub's JSON
  const run = githubExample('workflow_run', p => p.action === 'completed' && p.workflow_run.conclusion === 'success')
  run.repository.full_name = 'acme/api'
  run.repository.html_url = 'https://github.com/acme/api'
  Object.assign(run.workflow_run, { conclusion: 'failure', head_sha: SHA, check_suite_id: SUITE, html_url: 'https://github.com/acme/api/actions/runs/289782451' })
  return run
}

function seedJobs (): void {
  const template = github.fake().state.checkRuns[0]
  const job = (id: number, name: string, conclusion: string, suite = SUITE): Record<string, unknown> =>
    ({ ...template, id, node_id: Buffer.from(`08:CheckRun${id}`).toString('base64'), name, conclusion, check_suite_id: suite })
  github.fake().state.checkRuns.push(job(900, 'build', 'success'), job(901, 'lint', 'failure'), job(902, 'unit', 'timed_out'), job(903, 'e2e', 'failure', 991))
}

describe('workflow runs', () => {
  test('passed: the workflow, run number, branch, commit and link', async () => {
    await ciBot(false)
    const run = githubExample('workflow_run', p => p.action === 'completed' && p.workflow_run.conclusion === 'success')
    expect(await deliver('workflow_run', run)).toEqual(['CI passed: octo-org/octo-repo "test" #163 on master (3484a3f): https://github.com/octo-org/octo-repo/actions/runs/289782451'])
  })

  test('failed: the failing jobs of that run\'s check suite, in one request to GitHub', async () => {
    await ciBot(true)
    seedJobs()
    expect(await deliver('workflow_run', failedRun())).toEqual(['CI failed: acme/api "test" #163 on master (791d06e), failing: lint, unit: https://github.com/acme/api/actions/runs/289782451'])
    const asked = github.fake().requests.filter(r => r.path.includes('/check-runs'))
    expect(asked.map(r => [r.path, r.query.get('filter'), r.auth])).toEqual([[`/repos/acme/api/commits/${SHA}/check-runs`, 'latest', { scheme: 'bearer', ok: true }]])
  })

  test('failed without HUBOT_GITHUB_TOKEN, or when GitHub fails: announced without the jobs, and the bot asks nothing more', async () => {
    await ciBot(false)
    expect(await deliver('workflow_run', failedRun())).toEqual(['CI failed: acme/api "test" #163 on master (791d06e): https://github.com/acme/api/actions/runs/289782451'])
    expect(github.fake().requests).toEqual([])
    await bot!.stop()
    await ciBot(true)
    github.fake().failNext(500)
    const run = failedRun()
    expect(await deliver('workflow_run', run)).toEqual(['CI failed: acme/api "test" #163 on master (791d06e): https://github.com/acme/api/actions/runs/289782451'])
    expect(bot!.logs.lines.some(l => l.msg === 'could not list the failing jobs of a failed GitHub CI run; announced without them')).toBe(true)
  })

  test('cancelled, skipped and runs not completed are not announced', async () => {
    await ciBot(false)
    const run = githubExample('workflow_run', p => p.action === 'completed' && p.workflow_run.conclusion === 'success')
    run.workflow_run.conclusion = 'cancelled'
    expect(await sendGitHub(bot!, SECRET, 'workflow_run', run)).toEqual({ status: 200, body: { status: 'ignored', reason: 'a cancelled conclusion is not announced' } })
    expect(await sendGitHub(bot!, SECRET, 'workflow_run', githubExample('workflow_run', p => p.action === 'requested'))).toMatchObject({ status: 200, body: { status: 'ignored' } })
    expect(bot!.said()).toEqual([])
  })
})

describe('check suites', () => {
  test('passed and failed, from another CI app; GitHub Actions suites are left to workflow_run', async () => {
    await ciBot(false)
    const suite = githubExample('check_suite', p => p.action === 'completed')
    expect(await deliver('check_suite', suite)).toEqual(['CI passed: Codertocat/Hello-World octocoders-linter on changes (ec26c3e): https://github.com/Codertocat/Hello-World/commit/ec26c3e57ca3a959ca5aad62de7213c562f8c821/checks'])
    suite.check_suite.conclusion = 'failure'
    expect(await deliver('check_suite', suite)).toEqual(['CI failed: Codertocat/Hello-World octocoders-linter on changes (ec26c3e): https://github.com/Codertocat/Hello-World/commit/ec26c3e57ca3a959ca5aad62de7213c562f8c821/checks'])
    suite.check_suite.app.slug = 'github-actions'
    expect(await sendGitHub(bot!, SECRET, 'check_suite', suite)).toMatchObject({ status: 200, body: { status: 'ignored', reason: 'GitHub Actions check suites are announced from workflow_run' } })
  })
})
