// Every failure reaches chat as one sentence saying what went wrong and what to do (hubot's
// github-pulls logged errors and said nothing): not configured, a rejected token, a token
// that may not read, no such repository, rate limits with when they reset, 5xx (retried,
// then reported), timeouts (not retried), no connection. The token is in no reply and no
// log line.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, test } from '@jest/globals'
import { secretValuesOf } from '../../src/core/redact.ts'
import { startTestBot } from '../helpers/bot.ts'
import { TOKEN } from '../fakes/github/harness.ts'
import { type GitHubBot, sharedGitHubBot, startGitHubBot } from './github-harness.ts'

const NOT_CONFIGURED = "alice: GitHub isn't configured: set HUBOT_GITHUB_TOKEN (GitHub > Settings > Developer settings > Personal access tokens, with read access to pull requests)"
const WEB = 'GET /repos/acme/web/pulls?state=open&sort=updated&direction=desc&per_page=100'

test('without HUBOT_GITHUB_TOKEN every GitHub command says how to configure it, and nothing is sent', async () => {
  let calls = 0
  const bot = await startTestBot({ scripts: ['github.ts'], fetch: async () => { calls++; return new Response('{}') } })
  try {
    for (const command of ['show acme/api pulls', 'show me org-pulls', 'show me my pulls', 'github me as alice', 'show acme/api pulls with fix']) {
      expect(await bot.say('alice', `hubot ${command}`)).toEqual([NOT_CONFIGURED])
    }
    expect(calls).toBe(0)
  } finally { await bot.stop() }
})

describe('GitHub answers', () => {
  const gh = sharedGitHubBot({ env: { HUBOT_GITHUB_TIMEOUT: '200ms' } })

  test('403 that is not a rate limit: the token may not read it, with GitHub\'s reason', async () => {
    gh.fake.failNext(403)
    expect(await gh.say('alice', 'hubot show acme/web pulls')).toBe('alice: GitHub: the token may not read this (HTTP 403: Resource not accessible by personal access token) (check the API key the bot is configured with)')
    expect(gh.requests()).toEqual([WEB])
  })

  test('404: no such repo, or the token can\'t see it', async () => {
    expect(await gh.say('alice', 'hubot show acme/nope pulls')).toBe("alice: GitHub: no such repo, or the token can't see it (check the name or number and try again)")
  })

  test('the API rate limit used up: when it resets (x-ratelimit-reset), after one request', async () => {
    gh.fake.rateLimits.exhaust('core') // the fake's hour started at the bot's 12:00
    expect(await gh.say('alice', 'hubot show acme/web pulls')).toBe("alice: GitHub's API rate limit for the bot's token is used up: it resets at 13:00 UTC (in 60 min).")
    expect(gh.requests()).toEqual([WEB])
  })

  test('the search rate limit (30 a minute) used up: when it resets', async () => {
    gh.fake.rateLimits.exhaust('search')
    gh.clock.advance(15_000)
    expect(await gh.say('alice', 'hubot show org-pulls')).toBe("alice: GitHub's search rate limit for the bot's token is used up: it resets in 45 s.")
    gh.clock.advance(-15_000)
  })

  test('a secondary rate limit: how long GitHub asks the bot to wait (retry-after)', async () => {
    gh.fake.failNext(429, { rateLimit: 'secondary', retryAfter: 30 })
    expect(await gh.say('alice', 'hubot show acme/web pulls')).toBe('alice: GitHub asked the bot to slow down (its secondary rate limit): try again in 30 s.')
    gh.fake.failNext(403, { rateLimit: 'secondary', retryAfter: null })
    expect(await gh.say('alice', 'hubot show acme/web pulls')).toBe('alice: GitHub asked the bot to slow down (its secondary rate limit): try again in 60 s.')
    expect(gh.requests()).toEqual([WEB, WEB])
  })

  test('a 5xx is retried (twice at most), then reported', async () => {
    gh.fake.failNext(502)
    expect((await gh.say('alice', 'hubot show acme/web pulls')).split('\n')[0]).toBe('12 open pull requests in acme/web, most recently updated first:')
    expect(gh.requests()).toEqual([WEB, WEB])
    gh.fake.failNext(503, { times: 3 })
    expect(await gh.say('alice', 'hubot show acme/web pulls')).toBe('alice: GitHub: it answered HTTP 503 (try again shortly; if it keeps happening, check the service status page)')
    expect(gh.requests()).toEqual([WEB, WEB, WEB])
  })

  test('no answer within HUBOT_GITHUB_TIMEOUT is reported, and not retried', async () => {
    gh.fake.hangNext()
    expect(await gh.say('alice', 'hubot show acme/web pulls')).toBe('alice: GitHub: no answer within 0.2 s (try again shortly; if it keeps happening, check the service status page)')
    expect(gh.requests()).toEqual([WEB])
    // The bot answers the next command.
    expect((await gh.say('alice', 'hubot show acme/web pulls')).split('\n')[0]).toMatch(/^12 open pull requests/)
  })
})

describe('credentials', () => {
  let gh: GitHubBot | undefined
  afterEach(async () => { await gh?.stop(); gh = undefined })

  test('401: the token was rejected; neither token is in a reply or a log line', async () => {
    const wrong = 'ghp_wrongTokenForTests111111111111111111'
    gh = await startGitHubBot({ env: { HUBOT_GITHUB_TOKEN: wrong } })
    expect(await gh.say('alice', 'hubot show acme/web pulls')).toBe('alice: GitHub: rejected the token (HUBOT_GITHUB_TOKEN) (check the API key the bot is configured with)')
    expect(gh.fake.requests.map(r => r.auth)).toEqual([{ scheme: 'token', ok: false }])
    await gh.say('alice', 'hubot show org-pulls')
    for (const token of [wrong, TOKEN]) {
      expect(gh.bot.logs.raw).not.toContain(token)
      expect(gh.bot.said().join('\n')).not.toContain(token)
    }
    // Chat and logs remove the configured token wherever it appears, whatever its shape.
    expect(secretValuesOf(gh.bot.context.config)).toContain(wrong)
    // The failure is logged (without the token), with the service's code.
    expect(gh.bot.logs.lines.some(l => l.msg === 'command failed' && l.code === 'auth')).toBe(true)
    gh.checkAnswers()
  })

  test('no connection: could not connect', async () => {
    const closed = http.createServer()
    await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise<void>(resolve => closed.close(() => resolve()))
    gh = await startGitHubBot({ env: { HUBOT_GITHUB_API: `http://127.0.0.1:${port}` } })
    expect(await gh.say('alice', 'hubot show acme/web pulls')).toBe('alice: GitHub: could not connect (try again shortly; the bot could not reach the service)')
  })
})
