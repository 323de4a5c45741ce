// github_deployments: each run is a GitHub Deployment of the exact sha (auto_merge off, no
// required contexts: the bot's own rules decide) whose statuses follow the run: in_progress,
// then success or failure, with the run's log link. GitHub failing there never fails the
// deploy: it is logged and said once in the room. A run the bot stopped in the middle of has
// its Deployment set to error at the next start.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, test } from '@jest/globals'
import { ManualClock } from '../helpers/bot.ts'
import { MemoryStore } from '../../src/store/index.ts'
import { FIX, deployId, until } from '../deploy/harness.ts'
import { seedState } from '../fakes/github/state.ts'
import { LOG_URL, startGitHubDeployBot, yamlFor, type GitHubDeployBot } from './deploy-github-harness.ts'

let gh: GitHubDeployBot | null = null
/** Bots started on gh's store and fake GitHub (restarts); stopped before gh, whose fake it is. */
const later: GitHubDeployBot[] = []
afterEach(async () => {
  for (const b of [...later.splice(0), gh]) { b?.checkAnswers(); await b?.stop() }
  gh = null
})

const refs = seedState().refs['acme/api']
const V110 = refs.tags['v1.1.0']
const withDeployments = yamlFor({ api: 'github_deployments: true' })
const statesOf = (g: GitHubDeployBot, deploymentId: number): Array<[string, string]> =>
  g.fake.state.deploymentStatuses.filter(s => s.deployment_id === deploymentId).sort((a, b) => a.id - b.id).map(s => [s.state, s.log_url])

describe('GitHub Deployments', () => {
  test('a run creates a Deployment of the sha, then in_progress and success with the log link, in order', async () => {
    gh = await startGitHubDeployBot(withDeployments)
    const said = await gh.bot.say('alice', 'hubot deploy api/v1.1.0 to qa')
    const id = deployId(said)
    expect(said.at(-1)).toMatch(new RegExp(`^deploy ${id} succeeded`))
    expect(gh.requests()).toEqual([
      'GET /repos/acme/api/commits/v1.1.0', `GET /repos/acme/api/commits/${V110}/check-runs`, `GET /repos/acme/api/commits/${V110}/status`,
      'POST /repos/acme/api/deployments', 'POST /repos/acme/api/deployments/7004/statuses', 'POST /repos/acme/api/deployments/7004/statuses'
    ].sort((a, b) => (a.startsWith('POST') ? 1 : 0) - (b.startsWith('POST') ? 1 : 0)))
    expect(gh.fake.requests.find(r => r.method === 'POST' && r.path === '/repos/acme/api/deployments')?.body).toEqual({
      ref: V110, environment: 'qa', task: 'deploy', payload: { deploy_id: id, user: 'alice', user_id: 'alice' },
      description: `deploy api/v1.1.0 by alice (deploy ${id})`, auto_merge: false, required_contexts: []
    })
    expect(gh.fake.state.deployments.at(-1)).toMatchObject({ id: 7004, sha: V110, ref: V110, environment: 'qa', task: 'deploy', creator: 'acme-hubot' })
    const log = `https://logs.example.com/deploys/${id}`
    expect(statesOf(gh, 7004)).toEqual([['in_progress', log], ['success', log]])
  })

  test('a failed run ends as failure', async () => {
    gh = await startGitHubDeployBot(withDeployments)
    const said = await gh.bot.say('alice', 'hubot fail api/main to qa')
    expect(said.at(-1)).toMatch(/^deploy [A-Z2-9]{6} failed/)
    expect(statesOf(gh, 7004).map(([state]) => state)).toEqual(['in_progress', 'failure'])
  })

  test('GitHub answering 500 to the deployment calls: the deploy still succeeds, and the room is told once', async () => {
    gh = await startGitHubDeployBot(withDeployments)
    const held = await gh.bot.say('alice', 'hubot deploy api/main to production')
    gh.requests()
    // The reads were made by the precheck; from here on every call is a deployment call.
    gh.fake.failNext(500, { times: 10 })
    const requestId = /approve ([A-Z2-9]{6})/.exec(held[1])![1]
    const after = await gh.bot.say('bob', `hubot approve ${requestId}`)
    const id = deployId(after)
    expect(after.filter(t => t.startsWith(`deploy ${id} succeeded`))).toHaveLength(1)
    expect(after.filter(t => t.startsWith('GitHub Deployments'))).toEqual([
      `GitHub Deployments: deploy ${id} could not be recorded in acme/api (GitHub: it answered HTTP 500 (try again shortly; if it keeps happening, check the service status page)); the deploy itself goes on.`])
    // The create was tried 3 times (octokit retries a 5xx twice); no status was sent after it failed.
    expect(gh.requests()).toEqual(['POST /repos/acme/api/deployments', 'POST /repos/acme/api/deployments', 'POST /repos/acme/api/deployments'])
    expect(gh.fake.state.deployments.filter(d => d.id > 7003)).toEqual([])
    expect(gh.bot.logs.lines.some(l => l.msg === 'deploy: GitHub Deployments could not be updated; the deploy goes on')).toBe(true)
  })

  test('GitHub not answering the Deployment: the run starts and ends without waiting for it; the timeout is said once', async () => {
    gh = await startGitHubDeployBot(withDeployments, { HUBOT_GITHUB_TIMEOUT: '150ms' })
    const held = await gh.bot.say('alice', 'hubot deploy api/main to production')
    gh.requests()
    gh.fake.hangNext()
    const requestId = /approve ([A-Z2-9]{6})/.exec(held[1])![1]
    const after = await gh.bot.say('bob', `hubot approve ${requestId}`)
    const id = deployId(after)
    // The run's end came before GitHub's timeout was reported.
    expect(after.findIndex(t => t.startsWith(`deploy ${id} succeeded`))).toBeLessThan(after.findIndex(t => t.startsWith('GitHub Deployments')))
    expect(after.filter(t => t.startsWith('GitHub Deployments'))).toEqual([
      `GitHub Deployments: deploy ${id} could not be recorded in acme/api (GitHub: no answer within 0.2 s (try again shortly; if it keeps happening, check the service status page)); the deploy itself goes on.`])
    expect(gh.requests()).toEqual(['POST /repos/acme/api/deployments'])
  })

  describe('a run the bot stopped in the middle of', () => {
    const withHang = yamlFor({ api: 'github_deployments: true', tasks: `hang: { command: [${FIX}/hang.sh], timeout: 20s }` })

    // The first bot starts a long task and GitHub has its Deployment in_progress; the clock
    // passes its heartbeat (what a crash leaves), and `then` gets a second bot on the same
    // store, clock and fake GitHub: the restart. The first bot's child is ended after, as the
    // crash would have; the first bot then records an end the crashed one never would.
    async function interrupted (then: (first: GitHubDeployBot, restart: () => Promise<GitHubDeployBot>, id: string) => Promise<void>): Promise<void> {
      const clock = new ManualClock()
      const store = new MemoryStore({ clock })
      const first = gh = await startGitHubDeployBot(withHang, {}, { store, clock })
      const running = first.bot.say('alice', 'hubot hang api/main to qa')
      try {
        const id = /deploy ([A-Z2-9]{6}) started/.exec(await until(first.bot, /started/))?.[1] ?? ''
        for (let i = 0; i < 500 && statesOf(first, 7004).length === 0; i++) await new Promise(resolve => setTimeout(resolve, 10))
        expect(statesOf(first, 7004)).toEqual([['in_progress', LOG_URL.replace('{deploy_id}', id)]])
        clock.advance(31_000)
        await then(first, async () => {
          const second = await startGitHubDeployBot(withHang, {}, { store, clock, fake: first.fake, dir: first.bot.dir })
          later.push(second)
          return second
        }, id)
      } finally {
        process.kill(-Number(readFileSync(path.join(first.bot.dir, 'child.pid'), 'utf8').trim()), 'SIGKILL')
        await running
      }
    }

    test('is set to error at the next start, with the log link', async () => {
      await interrupted(async (first, restart, id) => {
        first.requests()
        const second = await restart()
        expect(second.requests()).toEqual(['POST /repos/acme/api/deployments/7004/statuses'])
        const log = LOG_URL.replace('{deploy_id}', id)
        expect(statesOf(second, 7004)).toEqual([['in_progress', log], ['error', log]])
        expect(second.fake.state.deploymentStatuses.filter(s => s.deployment_id === 7004).at(-1)).toMatchObject({ state: 'error', description: `deploy ${id}: interrupted (the bot stopped)` })
        expect(await second.bot.say('alice', `hubot deploy status ${id}`)).toEqual([expect.stringMatching(/: interrupted$/)])
      })
    })

    test('GitHub answering 500 to it: the run is still marked interrupted and the bot starts; the failure is logged', async () => {
      await interrupted(async (first, restart, id) => {
        first.fake.failNext(500, { times: 3 })
        const second = await restart()
        // Tried 3 times (octokit retries a 5xx twice); the Deployment stays as it was.
        expect(second.requests()).toEqual(Array(3).fill('POST /repos/acme/api/deployments/7004/statuses'))
        expect(statesOf(second, 7004).map(([state]) => state)).toEqual(['in_progress'])
        expect(second.bot.logs.lines.find(l => l.msg === 'deploy: the interrupted run\'s GitHub Deployment could not be set to error')).toMatchObject({ level: 40, deploy_id: id, github_deployment_id: 7004 })
        expect(second.bot.logs.audit().find(a => a.event === 'deploy.finished')).toMatchObject({ deploy_id: id, result: 'interrupted' })
        expect(await second.bot.say('alice', `hubot deploy status ${id}`)).toEqual([expect.stringMatching(/: interrupted$/)])
        // The environment is free again.
        expect((await second.bot.say('alice', 'hubot deploy api/main to qa')).at(-1)).toMatch(/succeeded/)
      })
    })
  })

  test('without github_deployments nothing is written to GitHub', async () => {
    gh = await startGitHubDeployBot()
    await gh.bot.say('alice', 'hubot deploy api/main to qa')
    expect(gh.fake.requests.filter(r => r.method !== 'GET')).toEqual([])
  })
})
