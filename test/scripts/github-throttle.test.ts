// octokit's throttling plugin on, as in production, with its waits in milliseconds
// (retryBaseMs: 1): a rate limit that resets within 20 s is waited out once and the
// command answers; a longer one is reported at once with when it resets. Only the core
// API is used here: the plugin spaces searches 2 s apart in real time, process-wide.
import { afterAll, beforeAll, beforeEach, expect, test } from '@jest/globals'
import { ManualClock } from '../helpers/bot.ts'
import { startGitHubBot, type GitHubBot } from './github-harness.ts'

const WEB = 'GET /repos/acme/web/pulls?state=open&sort=updated&direction=desc&per_page=100'
// The plugin computes the wait from x-ratelimit-reset and the real time, so this file's
// bot and fake run on a clock that starts at the real time.
const clock = new ManualClock(Math.floor(Date.now() / 1000) * 1000)
const inSeconds = (s: number): string => String(Math.floor(clock.now() / 1000) + s)

let gh: GitHubBot
beforeAll(async () => { gh = await startGitHubBot({ clock, tuning: { throttle: true, retryBaseMs: 1, maxRateLimitWaitS: 20 } }) })
beforeEach(() => { gh.reset() })
afterAll(async () => { await gh.stop() })

test('a primary rate limit that resets in 5 s is waited out once: the answer comes', async () => {
  gh.fake.failNext(403, { rateLimit: 'primary', headers: { 'x-ratelimit-reset': inSeconds(5) } })
  expect((await gh.say('alice', 'hubot show acme/web pulls')).split('\n')[0]).toBe('12 open pull requests in acme/web, most recently updated first:')
  expect(gh.requests()).toEqual([WEB, WEB])
  expect(gh.bot.logs.lines.filter(l => l.msg === 'GitHub rate limit').map(l => [l.kind, l.retrying, l.route])).toEqual([['primary', true, '/repos/{owner}/{repo}/pulls']])
  gh.checkAnswers()
})

test('one that resets in an hour is reported at once with the time', async () => {
  gh.fake.failNext(403, { rateLimit: 'primary', headers: { 'x-ratelimit-reset': inSeconds(3600) } })
  const reply = await gh.say('alice', 'hubot show acme/web pulls')
  expect(reply).toMatch(/^alice: GitHub's API rate limit for the bot's token is used up: it resets at \d\d:\d\d UTC \(in 60 min\)\.$/)
  expect(gh.requests()).toEqual([WEB])
})

test('a secondary limit with retry-after 3 is waited out once; one that persists is reported', async () => {
  gh.fake.failNext(403, { rateLimit: 'secondary', retryAfter: 3 })
  expect((await gh.say('alice', 'hubot show acme/web pulls')).split('\n')[0]).toMatch(/^12 open pull requests/)
  expect(gh.requests()).toEqual([WEB, WEB])
  gh.fake.failNext(429, { rateLimit: 'secondary', retryAfter: 3, times: 2 })
  expect(await gh.say('alice', 'hubot show acme/web pulls')).toBe('alice: GitHub asked the bot to slow down (its secondary rate limit): try again in 3 s.')
  expect(gh.requests()).toEqual([WEB, WEB])
})
