// With `repo`, a deploy request shows what it ships before anyone approves: the ref
// resolved to one commit, the commits since the last successful deploy to that app+env (who,
// when), the compare link and the commit's CI state, in at most 4 GitHub requests; the
// approved run ships exactly that commit ({sha}, DEPLOY_SHA) even when the branch moves.
import { afterEach, describe, expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { deployId } from '../deploy/harness.ts'
import { seedState } from '../fakes/github/state.ts'
import { startGitHubDeployBot, type GitHubDeployBot } from './deploy-github-harness.ts'

let gh: GitHubDeployBot | null = null
afterEach(async () => { gh?.checkAnswers(); await gh?.stop(); gh = null })

const refs = seedState().refs['acme/api']
const MAIN = refs.branches.main
const PULL1 = 'alice/add-rate-limiting-to-checkout-1'
const short = (sha: string): string => sha.slice(0, 7)
const READS = (ref: string, sha: string): string[] => [`GET /repos/acme/api/commits/${encodeURIComponent(ref)}`, `GET /repos/acme/api/commits/${sha}/check-runs`, `GET /repos/acme/api/commits/${sha}/status`]
const requestsStored = async (g: GitHubDeployBot): Promise<number> => (await g.bot.context.store.keys('approval:req:')).length

/** The commit PULL1's three commits sit on. */
function pull1Base (g: GitHubDeployBot): string {
  const byId = new Map(g.fake.state.commits.filter(c => c.repo === 'acme/api').map(c => [c.sha, c]))
  let sha = refs.branches[PULL1]
  for (let i = 0; i < 3; i++) sha = byId.get(sha)!.parents[0]
  return sha
}

describe('what a deploy request ships', () => {
  test('three commits and a failing check: the approval request shows them in 4 requests; the run ships that sha', async () => {
    gh = await startGitHubDeployBot()
    const base = pull1Base(gh)
    const head = refs.branches[PULL1]
    // The base went out first (a first deploy: 3 requests).
    const first = await gh.approved(`hubot deploy api/${base} to production`)
    expect(first.at(-1)).toMatch(/succeeded/)
    expect(gh.requests()).toEqual(READS(base, base))
    // A failing check run on the new commit, beside its passing commit status.
    const failing = { ...structuredClone(gh.fake.state.checkRuns.find(r => r.id === 805)!), id: 806, name: 'e2e', head_sha: head }
    gh.fake.state.checkRuns.push(failing)
    const held = await gh.bot.say('alice', `hubot deploy api/${PULL1} to production`)
    expect(held[0].split('\n')).toEqual([
      `deploy api/${PULL1} (${short(head)}) in production needs approval:`,
      `from ${short(base)} (deployed by alice, 2026-11-25 12:00 UTC) to ${short(head)}: 3 commits`,
      expect.stringMatching(/^ {2}[0-9a-f]{7} Address review comments \(2\) \(\w+\)$/),
      expect.stringMatching(/^ {2}[0-9a-f]{7} Address review comments \(1\) \(\w+\)$/),
      expect.stringMatching(/^ {2}[0-9a-f]{7} Add rate limiting to checkout \(alice\)$/),
      `compare https://github.com/acme/api/compare/${base}...${head}`,
      'CI: 1 passed, 1 failed (e2e https://github.com/acme/api/runs/806), 0 pending'
    ])
    expect(held[1]).toMatch(/^alice wants to run "deploy api\/alice\/add-rate-limiting-to-checkout-1 to production"/)
    expect(gh.requests().sort()).toEqual([`GET /repos/acme/api/commits/${encodeURIComponent(PULL1)}`, `GET /repos/acme/api/compare/${base}...${head}`, `GET /repos/acme/api/commits/${head}/check-runs`, `GET /repos/acme/api/commits/${head}/status`].sort())
    // The branch moves while the request waits: what was approved is what runs.
    gh.fake.state.refs['acme/api'].branches[PULL1] = MAIN
    const id = /approve ([A-Z2-9]{6})/.exec(held[1])![1]
    const after = await gh.bot.say('bob', `hubot approve ${id}`)
    const started = after.find(t => / started: /.test(t))!
    expect(started.split('\n').slice(0, 3)).toEqual([
      `deploy ${deployId(after)} started: alice runs deploy api/${PULL1} in production (approved by bob). Log: https://logs.example.com/deploys/${deployId(after)}`,
      `from ${short(base)} (deployed by alice, 2026-11-25 12:00 UTC) to ${short(head)}: 3 commits`,
      expect.stringContaining('Address review comments (2)')
    ])
    expect(gh.requests()).toEqual([])
    expect(await gh.bot.context.store.tail('deploy:history', 10)).toEqual(expect.arrayContaining([expect.objectContaining({ id: deployId(after), sha: head })]))
  })

  test('on Slack the block is mrkdwn with links (a section block beside the plain text every adapter shows)', async () => {
    gh = await startGitHubDeployBot()
    expect((await gh.approved('hubot deploy api/v1.1.0 to production')).at(-1)).toMatch(/succeeded/)
    gh.fake.state.checkRuns.push({ ...structuredClone(gh.fake.state.checkRuns.find(r => r.id === 805)!), id: 806, name: 'e2e <b>', head_sha: MAIN })
    await gh.bot.say('alice', 'hubot deploy api/main to production')
    const adapter = gh.bot.robot.adapter as unknown as { said: Array<{ text: string, raw: unknown }> }
    const held = adapter.said.find(s => s.text.startsWith('deploy api/main ('))!
    const blocks = (held.raw as { blocks: Array<{ type: string, text: { type: string, text: string } }> }).blocks
    expect(blocks).toHaveLength(1)
    expect(blocks[0].type).toBe('section')
    expect(blocks[0].text.type).toBe('mrkdwn')
    expect(blocks[0].text.text.split('\n')).toEqual([
      `deploy api/main (${short(MAIN)}) in production needs approval:`,
      `from ${short(refs.tags['v1.1.0'])} (deployed by alice, 2026-11-25 12:00 UTC) to ${short(MAIN)}: 5 commits`,
      ...Array(5).fill(expect.stringMatching(/^• `[0-9a-f]{7}` .+ \(.+\)$/)),
      `<https://github.com/acme/api/compare/${refs.tags['v1.1.0']}...${MAIN}|compare>`,
      'CI: 4 passed, 1 failed (<https://github.com/acme/api/runs/806|e2e &lt;b&gt;>), 0 pending'
    ])
  })

  test('{sha} and DEPLOY_SHA carry the resolved commit; the ref stays as typed', async () => {
    gh = await startGitHubDeployBot()
    const said = await gh.bot.say('alice', 'hubot args api/v1.1.0 to qa')
    expect(said[0]).toContain(`first deploy here: ${short(refs.tags['v1.1.0'])}`)
    const lines = (await gh.bot.say('alice', `hubot deploy log ${deployId(said)}`))[0].split('\n')
    expect(lines.slice(1)).toEqual(['arg:v1.1.0', `arg:${refs.tags['v1.1.0']}`])
    await gh.bot.say('alice', 'hubot envdump api/main to qa')
    const env = readFileSync(path.join(gh.bot.dir, 'env-dump.txt'), 'utf8').split('\n')
    expect(env).toEqual(expect.arrayContaining([`DEPLOY_SHA=${MAIN}`, 'DEPLOY_REF=main']))
  })

  test('a first deploy says so: the commit and its CI in 3 requests', async () => {
    gh = await startGitHubDeployBot()
    const held = await gh.bot.say('alice', 'hubot deploy api/v1.1.0 to production')
    expect(held[0]).toBe(`deploy api/v1.1.0 (${short(refs.tags['v1.1.0'])}) in production needs approval:\nfirst deploy here: ${short(refs.tags['v1.1.0'])}\nCI: 1 passed, 0 failed, 0 pending`)
    expect(gh.requests()).toEqual(READS('v1.1.0', refs.tags['v1.1.0']))
  })

  test('more than 10 commits: the newest 10 listed, then "and N more"', async () => {
    gh = await startGitHubDeployBot()
    await gh.bot.say('alice', 'hubot deploy api/v1.0.0 to qa')
    const said = await gh.bot.say('alice', 'hubot deploy api/main to qa')
    const lines = said[0].split('\n')
    expect(lines[1]).toBe(`from ${short(refs.tags['v1.0.0'])} (deployed by alice, 2026-11-25 12:00 UTC) to ${short(MAIN)}: 12 commits`)
    expect(lines[2]).toBe(`  ${short(MAIN)} Fix: handle empty carts in shipping (bob)`)
    expect(lines.slice(2, 12).every(l => /^ {2}[0-9a-f]{7} /.test(l))).toBe(true)
    expect(lines[12]).toBe('  and 2 more')
  })

  test('a ref behind what is deployed says it rolls back N commits', async () => {
    gh = await startGitHubDeployBot()
    expect((await gh.approved('hubot deploy api/main to production')).at(-1)).toMatch(/succeeded/)
    gh.requests()
    const held = await gh.bot.say('alice', 'hubot deploy api/v1.1.0 to production')
    expect(held[0].split('\n').slice(0, 3)).toEqual([
      `deploy api/v1.1.0 (${short(refs.tags['v1.1.0'])}) in production needs approval:`,
      `rolls back 5 commits: from ${short(MAIN)} (deployed by alice, 2026-11-25 12:00 UTC) to ${short(refs.tags['v1.1.0'])}`,
      `compare https://github.com/acme/api/compare/${MAIN}...${refs.tags['v1.1.0']}`
    ])
    expect(gh.requests()).toHaveLength(4)
  })

  test('an unknown ref is refused before anyone is asked, in 1 request', async () => {
    gh = await startGitHubDeployBot()
    expect(await gh.bot.say('alice', 'hubot deploy api/no-such-branch to production')).toEqual(['alice: acme/api has no branch, tag or commit "no-such-branch"; check the name (git ls-remote shows them).'])
    expect(await requestsStored(gh)).toBe(0)
    expect(gh.requests()).toEqual(['GET /repos/acme/api/commits/no-such-branch'])
  })

  test('an app without repo asks GitHub nothing and shows no block', async () => {
    gh = await startGitHubDeployBot()
    const said = await gh.bot.say('alice', 'hubot deploy web to qa')
    expect(said[0]).toMatch(/^deploy [A-Z2-9]{6} started: alice runs deploy web\/main in qa \(no approval needed\)\. Log: \S+$/)
    expect(gh.requests()).toEqual([])
  })

  test('the same request twice while the first waits is refused: approving the first ships the commit it showed', async () => {
    gh = await startGitHubDeployBot()
    const first = await gh.bot.say('alice', `hubot deploy api/${PULL1} to production`)
    const id = /approve ([A-Z2-9]{6})/.exec(first[1])![1]
    gh.fake.state.refs['acme/api'].branches[PULL1] = MAIN
    const again = await gh.bot.say('alice', `hubot deploy api/${PULL1} to production`)
    expect(again).toEqual([`alice: you already asked for exactly this: request ${id} is waiting for approval. Wait for it, or say "hubot cancel ${id}" and ask again.`])
    expect(await requestsStored(gh)).toBe(1)
    const after = await gh.bot.say('bob', `hubot approve ${id}`)
    const started = after.find(t => / started: /.test(t))!
    expect(started).toContain(short(refs.branches[PULL1]))
    expect(started).not.toContain(short(MAIN))
  })
})
