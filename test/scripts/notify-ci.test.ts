// Other CI servers (Bamboo, Jenkins, GitLab) over real HTTP: the documented body with the
// bearer token, announced in the room HUBOT_CI_ROOMS gives the pipeline; a repeat of the
// same pipeline, build and status is announced once; other bodies get a 400 showing the
// expected one. The README's Bamboo and Jenkins steps are run as written against the bot.
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterEach, describe, expect, test } from '@jest/globals'
import { ROOT, startTestBot, type TestBot } from '../helpers/bot.ts'
import { post } from '../helpers/webhooks.ts'

const TOKEN = 'ci-bearer-token-0123456789'
let bot: TestBot | undefined
afterEach(async () => { await bot?.stop(); bot = undefined })

async function ciBot (): Promise<TestBot> {
  bot = await startTestBot({ httpd: true, scripts: ['notify-ci.ts'], env: { HUBOT_CI_WEBHOOK_TOKEN: TOKEN, HUBOT_CI_ROOMS: JSON.stringify({ 'api-*': 'api', '*': 'builds' }) } })
  return bot
}

async function deliver (body: unknown, token = TOKEN): Promise<{ status: number, body: Record<string, unknown>, said: Array<{ room: string, text: string }> }> {
  const b = bot!
  const before = b.adapter.said.length
  const res = await post(b, '/hubot/ci', JSON.stringify(body), { authorization: `Bearer ${token}` })
  await b.context.work.idle()
  return { ...res, said: b.adapter.said.slice(before).map(s => ({ room: s.room, text: s.text })) }
}

describe('builds', () => {
  test('passed, failed with its failing jobs, started, cancelled; room by pipeline glob', async () => {
    await ciBot()
    const build = { pipeline: 'api-deploy', build: 42, url: 'https://bamboo.example.com/browse/API-DEPLOY-42', branch: 'main', commit: '6113728f27ae82c7b1a177c8d03f9e96e0adf246' }
    expect((await deliver({ ...build, status: 'started' })).said).toEqual([{ room: 'api', text: 'CI started: api-deploy #42 on main (6113728f27ae): https://bamboo.example.com/browse/API-DEPLOY-42' }])
    expect((await deliver({ ...build, status: 'failed', failed_jobs: ['unit', 'lint'] })).said).toEqual([{ room: 'api', text: 'CI failed: api-deploy #42 on main (6113728f27ae), failing: unit, lint: https://bamboo.example.com/browse/API-DEPLOY-42' }])
    expect((await deliver({ ...build, build: 43, status: 'PASSED' })).said).toEqual([{ room: 'api', text: 'CI passed: api-deploy #43 on main (6113728f27ae): https://bamboo.example.com/browse/API-DEPLOY-42' }])
    expect((await deliver({ pipeline: 'web', build: 'release-7', status: 'cancelled', url: 'https://jenkins.example.com/job/web/7/' })).said).toEqual([{ room: 'builds', text: 'CI cancelled: web release-7: https://jenkins.example.com/job/web/7/' }])
  })

  test('the same pipeline, build and status again is a duplicate; a wrong token is a 401; neither is announced', async () => {
    await ciBot()
    const body = { pipeline: 'web', build: '9', status: 'passed', url: 'https://gitlab.example.com/acme/web/-/pipelines/9' }
    expect((await deliver(body)).status).toBe(202)
    expect(await deliver(body)).toEqual({ status: 200, body: { status: 'duplicate' }, said: [] })
    expect(await deliver({ ...body, build: '10' }, 'wrong-token-0123456789')).toMatchObject({ status: 401, said: [] })
  })

  test('any other body: 400 with the expected one, nothing announced', async () => {
    await ciBot()
    for (const body of [{ pipeline: 'web', status: 'passed' }, { pipeline: 'web', build: 1, status: 'green', url: 'https://ci.example.com/1' }, { pipeline: 'web', build: 1, status: 'passed', url: 'javascript:alert(1)' }]) {
      const res = await deliver(body)
      expect(res.status).toBe(400)
      expect(String(res.body.expected)).toContain('"status":"passed"|"failed"|"started"|"cancelled"')
      expect(res.said).toEqual([])
    }
  })
})

describe('the README', () => {
  const readme = (): string => readFileSync(path.join(ROOT, 'README.md'), 'utf8')
  const run = async (script: string, env: Record<string, string>, cwd?: string): Promise<void> => {
    await promisify(execFile)('sh', ['-c', script], { env: { PATH: process.env.PATH ?? '', ...env }, cwd })
  }

  test('the Bamboo final task, run as written (Bamboo\'s variables filled in): passed after the last build task, failed without it', async () => {
    await ciBot()
    const script = /Bamboo: add plan variables[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme())?.[1]
    expect(script).toContain('curl -fsS -X POST "${bamboo_hubot_url}/hubot/ci"') // eslint-disable-line no-template-curly-in-string -- the shell's ${...}, as the README writes it
    const env = {
      bamboo_hubot_url: `http://127.0.0.1:${bot!.http!.port}`, bamboo_hubot_ci_secret: TOKEN, bamboo_planKey: 'API-BUILD',
      bamboo_buildResultsUrl: 'https://bamboo.example.com/browse/API-BUILD-77', bamboo_planRepository_branchName: 'main', bamboo_planRepository_revision: '6113728f27ae82c7b1a177c8d03f9e96e0adf246'
    }
    const dir = await mkdtemp(path.join(tmpdir(), 'bamboo-'))
    await writeFile(path.join(dir, '.hubot-ok'), '')
    await run(script!, { ...env, bamboo_buildNumber: '77' }, dir)
    await run(script!, { ...env, bamboo_buildNumber: '78' }, dir) // the marker was removed: failed
    await bot!.context.work.idle()
    expect(bot!.adapter.said.map(s => [s.room, s.text])).toEqual([
      ['api', 'CI passed: API-BUILD #77 on main (6113728f27ae): https://bamboo.example.com/browse/API-BUILD-77'],
      ['api', 'CI failed: API-BUILD #78 on main (6113728f27ae): https://bamboo.example.com/browse/API-BUILD-77']
    ])
  })

  test('the Jenkins post block\'s sh step, as Groovy hands it to the shell (no branch: absent), is accepted', async () => {
    await ciBot()
    const groovy = /^\s*sh '(curl .*\/hubot\/ci.*)'$/m.exec(readme())?.[1]
    expect(groovy).toBeDefined()
    // In a single-quoted Groovy string, \\ is one backslash and nothing is interpolated.
    await run(groovy!.replaceAll('\\\\', '\\'), {
      HUBOT_URL: `http://127.0.0.1:${bot!.http!.port}`, HUBOT_CI_WEBHOOK_TOKEN: TOKEN, JOB_NAME: 'api-deploy', BUILD_NUMBER: '12',
      CI_STATUS: 'cancelled', BUILD_URL: 'https://jenkins.example.com/job/api-deploy/12/', GIT_COMMIT: '6113728f27ae82c7b1a177c8d03f9e96e0adf246'
    })
    await bot!.context.work.idle()
    expect(bot!.adapter.said.map(s => [s.room, s.text])).toEqual([['api', 'CI cancelled: api-deploy #12 (6113728f27ae): https://jenkins.example.com/job/api-deploy/12/']])
  })
})
