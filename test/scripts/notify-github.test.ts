// GitHub deliveries over real HTTP to the bot's server, announced in the room
// HUBOT_GITHUB_ROOMS gives the repository. Inputs are GitHub's own example payloads
// (@octokit/webhooks-examples), changed only where a case needs it (said at each change).
import { afterEach, describe, expect, test } from '@jest/globals'
import { startTestBot, type TestBot } from '../helpers/bot.ts'
import { githubExample, sendGitHub } from '../helpers/webhooks.ts'

const SECRET = 'It\'s a Secret to Everybody'
const ROOMS = { 'codertocat/hello-world': 'hello', 'octo-org/*': 'octo', '*': 'github' }
let bot: TestBot | undefined
afterEach(async () => { await bot?.stop(); bot = undefined })

async function githubBot (env: Record<string, string> = {}): Promise<TestBot> {
  bot = await startTestBot({
    httpd: true, scripts: ['notify-github.ts'], env: { HUBOT_GITHUB_WEBHOOK_SECRET: SECRET, HUBOT_GITHUB_ROOMS: JSON.stringify(ROOMS), ...env }
  })
  return bot
}

/** Sends one delivery and returns what the bot said for it, with the rooms. */
async function deliver (event: string, payload: unknown): Promise<Array<{ room: string, text: string }>> {
  const b = bot ?? await githubBot()
  const before = b.adapter.said.length
  const res = await sendGitHub(b, SECRET, event, payload)
  expect([200, 202]).toContain(res.status)
  await b.context.work.idle()
  return b.adapter.said.slice(before).map(s => ({ room: s.room, text: s.text }))
}

const PR = 'Codertocat/Hello-World#2 "Update the README with new information."'
const PR_URL = 'https://github.com/Codertocat/Hello-World/pull/2'
const pr = (action: string): Record<string, any> => githubExample('pull_request', p => p.action === action) // eslint-disable-line @typescript-eslint/no-explicit-any -- GitHub's JSON

describe('pull requests', () => {
  test('opened, reopened, ready for review, review requested: who, which, the title and the link', async () => {
    expect(await deliver('pull_request', pr('opened'))).toEqual([{ room: 'hello', text: `Codertocat opened pull request ${PR}: ${PR_URL}` }])
    expect(await deliver('pull_request', pr('reopened'))).toEqual([{ room: 'hello', text: `Codertocat reopened pull request ${PR}: ${PR_URL}` }])
    expect(await deliver('pull_request', pr('ready_for_review'))).toEqual([{ room: 'hello', text: `Codertocat marked ${PR} ready for review: ${PR_URL}` }])
    expect(await deliver('pull_request', pr('review_requested'))).toEqual([{ room: 'hello', text: `Codertocat asked octocat to review ${PR}: ${PR_URL}` }])
  })

  test('closed without merging and merged are told apart (GitHub sends both as "closed")', async () => {
    const closed = pr('closed')
    expect(closed.pull_request.merged).toBe(false)
    expect(await deliver('pull_request', closed)).toEqual([{ room: 'hello', text: `Codertocat closed ${PR} without merging: ${PR_URL}` }])
    // A merge: the same example as GitHub sends it when the pull request was merged.
    const merged = pr('closed')
    merged.pull_request.merged = true
    merged.pull_request.merged_at = merged.pull_request.closed_at
    expect(await deliver('pull_request', merged)).toEqual([{ room: 'hello', text: `Codertocat merged ${PR} into master: ${PR_URL}` }])
  })

  test('a draft opened says so; actions not announced (labeled, synchronize) say nothing', async () => {
    const draft = pr('opened')
    draft.pull_request.draft = true
    expect(await deliver('pull_request', draft)).toEqual([{ room: 'hello', text: `Codertocat opened draft pull request ${PR}: ${PR_URL}` }])
    expect(await deliver('pull_request', pr('labeled'))).toEqual([])
    expect(await deliver('pull_request', pr('synchronize'))).toEqual([])
  })

  test('reviews submitted: approved, changes requested, commented', async () => {
    const review = githubExample('pull_request_review', p => p.action === 'submitted')
    const url = review.review.html_url
    expect(await deliver('pull_request_review', review)).toEqual([{ room: 'hello', text: `Codertocat commented on ${PR}: ${url}` }])
    review.review.state = 'approved'
    expect(await deliver('pull_request_review', review)).toEqual([{ room: 'hello', text: `Codertocat approved ${PR}: ${url}` }])
    review.review.state = 'changes_requested'
    expect(await deliver('pull_request_review', review)).toEqual([{ room: 'hello', text: `Codertocat requested changes on ${PR}: ${url}` }])
    expect(await deliver('pull_request_review', githubExample('pull_request_review', p => p.action === 'dismissed'))).toEqual([])
  })

  test('a comment on a pull request is announced with its first words; a comment on a plain issue is not', async () => {
    const onIssue = githubExample('issue_comment', p => p.action === 'created')
    expect(onIssue.issue.pull_request).toBeUndefined()
    expect(await deliver('issue_comment', onIssue)).toEqual([])
    // The same comment on a pull request: GitHub then sends issue.pull_request.
    const onPull = githubExample('issue_comment', p => p.action === 'created')
    onPull.issue.pull_request = { url: 'https://api.github.com/repos/Codertocat/Hello-World/pulls/1', html_url: 'https://github.com/Codertocat/Hello-World/pull/1', diff_url: 'https://github.com/Codertocat/Hello-World/pull/1.diff', patch_url: 'https://github.com/Codertocat/Hello-World/pull/1.patch' }
    expect(await deliver('issue_comment', onPull)).toEqual([{
      room: 'hello',
      text: 'Codertocat commented on Codertocat/Hello-World#1 "Spelling error in the README file": "You are totally right! I\'ll get this fixed right away." https://github.com/Codertocat/Hello-World/issues/1#issuecomment-492700400'
    }])
  })

  test('titles are GitHub users\' text: one line, no control characters, bounded', async () => {
    const odd = pr('opened')
    odd.pull_request.title = `fix\u001b[31m it\nnow ${'x'.repeat(300)}`
    const [said] = await deliver('pull_request', odd)
    expect(said.text).toMatch(/^Codertocat opened pull request Codertocat\/Hello-World#2 "fix.* it now x+…": /)
    expect(said.text).not.toMatch(/[\u0000-\u001f\u007f]/) // eslint-disable-line no-control-regex -- what must not be there
    expect(/"([^"]*)"/.exec(said.text)?.[1]).toHaveLength(101) // 100 characters and the ellipsis
  })
})

describe('releases', () => {
  test('published, with the tag, the name when it differs, and the link; drafts created are not announced', async () => {
    const release = githubExample('release', p => p.action === 'published')
    expect(await deliver('release', release)).toEqual([{ room: 'hello', text: 'Codertocat published release 0.0.1 of Codertocat/Hello-World: https://github.com/Codertocat/Hello-World/releases/tag/0.0.1' }])
    release.release.name = 'First light'
    release.release.prerelease = true
    expect(await deliver('release', release)).toEqual([{ room: 'hello', text: 'Codertocat published pre-release 0.0.1 "First light" of Codertocat/Hello-World: https://github.com/Codertocat/Hello-World/releases/tag/0.0.1' }])
    expect(await deliver('release', githubExample('release', p => p.action === 'created'))).toEqual([])
  })
})

describe('routing and selection', () => {
  test('the exact repository first, then the longest glob, then "*"; no match means no announcement', async () => {
    await githubBot({ HUBOT_GITHUB_ROOMS: JSON.stringify({ 'Codertocat/Hello-World': 'hello', 'octo-org/*': 'octo', 'octo-*': 'octo-any' }) })
    const run = githubExample('workflow_run', p => p.action === 'completed' && p.workflow_run.conclusion === 'success')
    expect((await deliver('workflow_run', run)).map(s => s.room)).toEqual(['octo'])
    expect((await deliver('pull_request', pr('opened'))).map(s => s.room)).toEqual(['hello'])
    const elsewhere = pr('opened')
    elsewhere.repository.full_name = 'globex/widgets'
    expect(await deliver('pull_request', elsewhere)).toEqual([])
    const res = await sendGitHub(bot!, SECRET, 'pull_request', elsewhere)
    expect(res).toEqual({ status: 200, body: { status: 'ignored', reason: 'no room for globex/widgets in HUBOT_GITHUB_ROOMS' } })
  })

  test('HUBOT_GITHUB_EVENTS picks events, or single actions of them', async () => {
    await githubBot({ HUBOT_GITHUB_EVENTS: 'release, pull_request:merged' })
    expect(await deliver('pull_request', pr('opened'))).toEqual([])
    const merged = pr('closed')
    merged.pull_request.merged = true
    expect(await deliver('pull_request', merged)).toHaveLength(1)
    expect(await deliver('pull_request', pr('closed'))).toEqual([])
    expect(await deliver('release', githubExample('release', p => p.action === 'published'))).toHaveLength(1)
  })
})
