// A robot with the GitHub script pointed at a fresh fake GitHub (test/fakes/github) whose
// clock is the bot's: HUBOT_GITHUB_ORG=acme, a 2 s timeout, octokit's throttling off and
// its retry waits in milliseconds (its limiter groups are shared by the whole process and
// space searches 2 s apart in real time). Every answer the fake gave is checked against
// GitHub's OpenAPI description (strict) by checkAnswers, after each test.
import { afterAll, afterEach, beforeAll, beforeEach, expect } from '@jest/globals'
import { ManualClock, startTestBot, type TestBot } from '../helpers/bot.ts'
import { newEntries, oneReply } from '../helpers/vendor-session.ts'
import { specsDirOrSkip } from '../helpers/requirements.ts'
import { startFakeGitHub, type FakeGitHub, type FakeGitHubOptions } from '../fakes/github/fake-github.ts'
import { TOKEN } from '../fakes/github/harness.ts'
import { loadGitHubSpec, type GitHubSpec } from '../fakes/github/spec-check.ts'
import { tuneGitHub, type GitHubTuning } from '../../src/services/github/index.ts'

export const FAST: GitHubTuning = { throttle: false, retryBaseMs: 1, maxRateLimitWaitS: 20 }

export interface GitHubBot {
  bot: TestBot
  fake: FakeGitHub
  clock: ManualClock
  /** One reply (asserts there was exactly one) to `text` said by `user`. */
  say (user: string, text: string): Promise<string>
  /** "GET /path?query" of each request the fake got since the last call (or reset). */
  requests (): string[]
  /** fake.reset() and the request cursor with it. */
  reset (): void
  /** Every answer the fake gave so far is valid for GitHub's spec (skipped without the specs). */
  checkAnswers (): void
  stop (): Promise<void>
}

let spec: GitHubSpec | null | undefined
function loadSpec (): GitHubSpec | null {
  if (spec === undefined) {
    const dir = specsDirOrSkip()
    spec = dir != null ? loadGitHubSpec(dir) : null
  }
  return spec
}

export interface GitHubBotOptions { env?: Record<string, string>, fake?: FakeGitHubOptions, tuning?: GitHubTuning, clock?: ManualClock }

/**
 * One bot for the enclosing file or describe block: started before all its tests, the fake
 * and the request cursor reset before each, every answer checked against the spec after
 * each, stopped after all. Returns a stand-in that reaches the started bot.
 */
export function sharedGitHubBot (options: GitHubBotOptions = {}): GitHubBot {
  let started: GitHubBot | undefined
  const current = (): GitHubBot => {
    if (started == null) throw new Error('the GitHub bot is used before beforeAll started it')
    return started
  }
  beforeAll(async () => { started = await startGitHubBot(options) })
  beforeEach(() => { current().reset() })
  afterEach(() => { current().checkAnswers() })
  afterAll(async () => { await started?.stop() })
  return new Proxy({} as GitHubBot, { get: (_target, key) => Reflect.get(current(), key) })
}

export async function startGitHubBot (options: GitHubBotOptions = {}): Promise<GitHubBot> {
  const clock = options.clock ?? new ManualClock()
  const fake = await startFakeGitHub({ token: TOKEN, now: () => clock.now(), ...options.fake })
  const bot = await startTestBot({
    scripts: ['github.ts'],
    clock,
    env: { HUBOT_GITHUB_TOKEN: fake.token, HUBOT_GITHUB_API: fake.url, HUBOT_GITHUB_ORG: 'acme', HUBOT_GITHUB_TIMEOUT: '2s', ...options.env }
  })
  tuneGitHub(bot.robot, options.tuning ?? FAST)
  const requests = newEntries(fake.requests, r => `${r.method} ${r.path}${r.query.size > 0 ? `?${r.query.toString()}` : ''}`)
  return {
    bot,
    fake,
    clock,
    say: async (user, text) => await oneReply(bot, user, text),
    requests,
    reset () { fake.reset(); requests.restart() },
    checkAnswers () { expect(loadSpec()?.problems(fake.responses) ?? []).toEqual([]) },
    async stop () { await bot.stop(); await fake.close() }
  }
}
