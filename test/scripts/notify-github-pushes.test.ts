// Pushes in words (branch created, deleted, force-pushed, tags, long pushes) and their
// coalescing: a burst of 100 distinct pushes is all accepted, every commit is counted, and
// each repository gets at most one message per 10 s of the bot's clock (a HeldClock: the
// 10 s pass when the test says, never in real time).
import { afterEach, describe, expect, test } from '@jest/globals'
import { ManualClock, startTestBot, type TestBot } from '../helpers/bot.ts'
import { HeldClock } from '../helpers/held-clock.ts'
import { commitsAnnounced, githubExample, sendGitHub } from '../helpers/webhooks.ts'
import { plainPush } from '../http/webhook-deliveries.ts'
import type { Clock } from '../../src/core/clock.ts'

const SECRET = 'push-secret'
let bot: TestBot | undefined
afterEach(async () => { await bot?.stop(); bot = undefined })

async function pushBot (clock: Clock): Promise<TestBot> {
  bot = await startTestBot({
    httpd: true, clock, scripts: ['notify-github.ts'],
    env: { HUBOT_GITHUB_WEBHOOK_SECRET: SECRET, HUBOT_GITHUB_ROOMS: JSON.stringify({ 'codertocat/hello-world': 'hello', 'octo-org/*': 'octo' }) }
  })
  return bot
}

async function deliver (b: TestBot, clock: ManualClock, payload: unknown): Promise<string[]> {
  clock.advance(10_000) // each push in its own window: said on its own
  const before = b.adapter.said.length
  expect((await sendGitHub(b, SECRET, 'push', payload)).status).toBe(202)
  await b.context.work.idle()
  return b.said().slice(before)
}

const sha = (n: number): string => n.toString(16).padStart(40, 'a')

describe('a push in words', () => {
  test('branch and tag created or deleted, force-pushes, and long pushes', async () => {
    const clock = new ManualClock()
    const b = await pushBot(clock)
    const created = githubExample('push', p => p.ref === 'refs/heads/master' && p.created)
    expect(await deliver(b, clock, created)).toEqual([
      'Codertocat created branch master in Codertocat/Hello-World with 1 commit: https://github.com/Codertocat/Hello-World/commit/6113728f27ae82c7b1a177c8d03f9e96e0adf246\n  6113728 Initial commit (Codertocat)'
    ])
    expect(await deliver(b, clock, githubExample('push', p => p.ref === 'refs/tags/simple-tag' && p.created))).toEqual([
      'Codertocat created tag simple-tag in Codertocat/Hello-World: https://github.com/Codertocat/Hello-World/tree/simple-tag'
    ])
    expect(await deliver(b, clock, githubExample('push', p => p.ref === 'refs/tags/simple-tag' && p.deleted))).toEqual(['Codertocat deleted tag simple-tag in Codertocat/Hello-World'])
    // A branch deleted: the tag example's shape with a branch ref.
    const branchGone = githubExample('push', p => p.deleted)
    branchGone.ref = 'refs/heads/feature/login'
    expect(await deliver(b, clock, branchGone)).toEqual(['Codertocat deleted branch feature/login in Codertocat/Hello-World'])

    const forced = plainPush(2)
    forced.forced = true
    expect((await deliver(b, clock, forced))[0]).toBe('Codertocat force-pushed branch master in Codertocat/Hello-World (2 commits): https://github.com/Codertocat/Hello-World/compare/4544205a3853...6113728f27ae\n  0000728 Initial commit (Codertocat)\n  0001728 Initial commit (Codertocat)')

    const long = plainPush(5)
    expect((await deliver(b, clock, long))[0].split('\n')).toEqual([
      'Codertocat pushed 5 commits to master in Codertocat/Hello-World: https://github.com/Codertocat/Hello-World/compare/4544205a3853...6113728f27ae',
      '  0000728 Initial commit (Codertocat)', '  0001728 Initial commit (Codertocat)', '  0002728 Initial commit (Codertocat)', '  and 2 more commits'
    ])
  })
})

describe('coalescing', () => {
  test('100 distinct pushes at once to two repositories: all 202, every commit counted, at most one message per repository per 10 s', async () => {
    const clock = new HeldClock()
    const b = await pushBot(clock)
    const pushes = Array.from({ length: 100 }, (_, i) => {
      const p = plainPush(1 + (i % 4))
      if (i % 5 === 0) { p.repository.full_name = 'octo-org/octo-repo'; p.repository.html_url = 'https://github.com/octo-org/octo-repo' }
      p.before = sha(i)
      p.after = sha(i + 1)
      return p
    })
    const total = pushes.reduce((n, p) => n + (p.commits as unknown[]).length, 0)
    const answers = await Promise.all(pushes.map(async p => await sendGitHub(b, SECRET, 'push', p)))
    expect(answers.every(a => a.status === 202)).toBe(true)

    // Only the first push of each repository is said at once; the rest wait for their window.
    const rooms = (): string[] => b.adapter.said.map(s => s.room).sort()
    expect(rooms()).toEqual(['hello', 'octo'])
    await clock.advance(9_000)
    expect(rooms()).toEqual(['hello', 'octo'])
    await clock.advance(1_000)
    await b.context.work.idle()
    expect(rooms()).toEqual(['hello', 'hello', 'octo', 'octo'])

    const texts = b.said()
    expect(commitsAnnounced(texts)).toBe(total)
    const gathered = texts.filter(t => t.includes(' pushes'))
    expect(gathered.map(t => t.split('\n')[0]).sort()).toEqual([
      expect.stringMatching(/^Codertocat\/Hello-World: \d+ commits in 79 pushes$/),
      expect.stringMatching(/^octo-org\/octo-repo: \d+ commits in 19 pushes$/)
    ])
    // Plain pushes to one branch are one line, whose link spans them all.
    expect(gathered.find(t => t.startsWith('Codertocat'))!.split('\n')[1]).toMatch(/^• Codertocat pushed \d+ commits to master in 79 pushes: https:\/\/github\.com\/Codertocat\/Hello-World\/compare\/a{8}[0-9a-f]{4}\.\.\.a{8}[0-9a-f]{4}$/)
  })

  test('a push after a quiet 10 s is said at once; one inside the window waits for it', async () => {
    const clock = new HeldClock()
    const b = await pushBot(clock)
    await sendGitHub(b, SECRET, 'push', plainPush(1))
    await clock.advance(4_000)
    await sendGitHub(b, SECRET, 'push', plainPush(2))
    expect(b.said()).toHaveLength(1)
    await clock.advance(6_000)
    await b.context.work.idle()
    expect(b.said()).toHaveLength(2)
    expect(b.said()[1]).toMatch(/^Codertocat pushed 2 commits to master in Codertocat\/Hello-World/)
    await clock.advance(10_000)
    await sendGitHub(b, SECRET, 'push', plainPush(3))
    await b.context.work.idle()
    expect(b.said()).toHaveLength(3)
  })

  test('on shutdown, gathered pushes are said within a second instead of waiting out the window', async () => {
    const clock = new HeldClock()
    const b = await pushBot(clock)
    for (let i = 0; i < 3; i++) await sendGitHub(b, SECRET, 'push', plainPush(1))
    expect(b.said()).toHaveLength(1)
    const stopping = b.stop()
    await clock.advance(1_000)
    await stopping
    bot = undefined
    expect(b.said()[1]).toMatch(/^Codertocat\/Hello-World: 2 commits in 2 pushes\n/)
  })
})
