// github_deployments: each run is a GitHub Deployment of the exact sha (auto_merge off, no
// required contexts: the bot's own rules decide) whose statuses follow the run: in_progress,
// then success or failure, with the run's log link. GitHub failing there never fails the
// deploy: it is logged and said once in the room.
import { afterEach, describe, expect, test } from '@jest/globals'
import { deployId } from '../deploy/harness.ts'
import { seedState } from '../fakes/github/state.ts'
import { startGitHubDeployBot, yamlFor, type GitHubDeployBot } from './deploy-github-harness.ts'

let gh: GitHubDeployBot | null = null
afterEach(async () => { gh?.checkAnswers(); await gh?.stop(); gh = null })

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

  test('without github_deployments nothing is written to GitHub', async () => {
    gh = await startGitHubDeployBot()
    await gh.bot.say('alice', 'hubot deploy api/main to qa')
    expect(gh.fake.requests.filter(r => r.method !== 'GET')).toEqual([])
  })
})
