// require_green: a commit whose checks failed or still run is refused before anyone is
// asked, naming the failing check and its link; with break glass on it is held instead, and
// only break glass runs it. The keys that need a commit need a repo.
import { afterEach, describe, expect, test } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { seedState } from '../fakes/github/state.ts'
import { loadDeployConfig } from '../../src/deploy/index.ts'
import { startGitHubDeployBot, yamlFor, type GitHubDeployBot } from './deploy-github-harness.ts'

let gh: GitHubDeployBot | null = null
afterEach(async () => { gh?.checkAnswers(); await gh?.stop(); gh = null })

const refs = seedState().refs['acme/api']
const short = (sha: string): string => sha.slice(0, 7)
const READS = (ref: string, sha: string): string[] => [`GET /repos/acme/api/commits/${encodeURIComponent(ref)}`, `GET /repos/acme/api/commits/${sha}/check-runs`, `GET /repos/acme/api/commits/${sha}/status`]
const requestsStored = async (g: GitHubDeployBot): Promise<number> => (await g.bot.context.store.keys('approval:req:')).length

describe('require_green', () => {
  test('a red commit is refused before approval, naming the failing check; a pending one too', async () => {
    gh = await startGitHubDeployBot(yamlFor({ production: ', require_green: true' }))
    const red = refs.branches['bob/fix-flaky-billing-test-2']
    expect(await gh.bot.say('alice', 'hubot deploy api/bob/fix-flaky-billing-test-2 to production')).toEqual([
      `alice: ${short(red)} is not green: build failed (https://github.com/acme/api/runs/805); this environment requires green checks.`])
    expect(gh.requests()).toEqual(READS('bob/fix-flaky-billing-test-2', red))
    const pending = refs.branches['release/1.1']
    expect(await gh.bot.say('alice', 'hubot deploy api/release/1.1 to production')).toEqual([
      `alice: ${short(pending)} is not green yet: build, ci/build still running; try again when the checks have finished.`])
    expect(gh.requests()).toEqual(READS('release/1.1', pending))
    expect(await requestsStored(gh)).toBe(0)
    // Green main is asked for as usual.
    expect((await gh.bot.say('alice', 'hubot deploy api/main to production'))[1]).toMatch(/^alice wants to run/)
  })

  test('with break glass on, a red commit is held saying only break glass can run it: approval alone does not, break glass does', async () => {
    gh = await startGitHubDeployBot(yamlFor({ production: ', require_green: true' }), { HUBOT_APPROVAL_BREAK_GLASS: 'true' })
    const red = refs.branches['bob/fix-flaky-billing-test-2']
    const ask = async (): Promise<string> => {
      const held = await gh!.bot.say('alice', 'hubot deploy api/bob/fix-flaky-billing-test-2 to production')
      expect(held[0].split('\n').at(-1)).toBe('CI is not green and this environment requires it: only break glass can run this.')
      return /approve ([A-Z2-9]{6})/.exec(held[1])![1]
    }
    expect(await gh.bot.say('bob', `hubot approve ${await ask()}`)).toEqual(expect.arrayContaining([
      expect.stringContaining(`${short(red)} is not green and api in production requires it: only break glass can run it.`)]))
    expect(gh.bot.said().some(t => / started: /.test(t))).toBe(false)
    await gh.bot.say('admin', 'hubot alice has break-glass role')
    const broken = await gh.bot.say('alice', `hubot break-glass ${await ask()} payments are down`)
    expect(broken.find(t => / started: /.test(t))).toMatch(/^deploy [A-Z2-9]{6} started: alice runs deploy api\/bob\/fix-flaky-billing-test-2 in production/)
  })

  test('config: require_green, github_deployments and {sha} need a repo', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'deploy-gh-config-'))
    const file = path.join(dir, 'deploy.yaml')
    writeFileSync(file, 'apps:\n  web:\n    github_deployments: true\n    environments: { prod: { require_green: true } }\n    tasks: { deploy: { command: [./d.sh, "{sha}"] } }\n')
    expect(() => loadDeployConfig(file)).toThrow(expect.objectContaining({ problems: [
      `${file}: apps.web.github_deployments: needs repo: owner/name`,
      `${file}: apps.web.environments.prod.require_green: needs repo: owner/name`,
      `${file}: apps.web.tasks.deploy.command: {sha} needs repo: owner/name`
    ] }))
    writeFileSync(file, 'apps:\n  web:\n    repo: acme\n    environments: { prod: {} }\n    tasks: { deploy: { command: [./d.sh] } }\n')
    expect(() => loadDeployConfig(file)).toThrow(expect.objectContaining({ problems: [`${file}: apps.web.repo: owner/name of a GitHub repository`] }))
  })
})
