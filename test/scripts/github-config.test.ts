// The GitHub variables: read once by src/core/config.ts, each bad value named (with how to
// fix it) by readConfig and so by --config-check; and the script's help, from its header,
// one line per command, each tied to its listener id.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { ConfigError, readConfig } from '../../src/core/config.ts'
import { helpEntries } from '../../src/access/index.ts'
import { runMain } from '../helpers/process.ts'
import { startTestBot, type TestBot } from '../helpers/bot.ts'

const problemsOf = (env: Record<string, string>): string[] => {
  try { readConfig(env); return [] } catch (err) { return (err as ConfigError).problems }
}

describe('configuration', () => {
  test('defaults: off without a token; with one, api.github.com, 10 s, 20 lines', () => {
    expect(readConfig({}).github).toEqual({ enabled: false })
    expect(readConfig({ HUBOT_GITHUB_TOKEN: 'ghp_x' }).github).toEqual({
      enabled: true, token: 'ghp_x', apiUrl: 'https://api.github.com', user: null, org: null, timeoutMs: 10_000, listLimit: 20
    })
    expect(readConfig({ HUBOT_GITHUB_TOKEN: 'ghp_x', HUBOT_GITHUB_API: 'https://ghe.acme.example/api/v3/', HUBOT_GITHUB_USER: 'octo-cat', HUBOT_GITHUB_ORG: 'acme', HUBOT_GITHUB_TIMEOUT: '30s', HUBOT_GITHUB_LIST_LIMIT: '50' }).github)
      .toMatchObject({ apiUrl: 'https://ghe.acme.example/api/v3', user: 'octo-cat', org: 'acme', timeoutMs: 30_000, listLimit: 50 })
  })

  test('every bad GitHub value is named at once, the API with how to fix it', () => {
    const problems = problemsOf({ HUBOT_GITHUB_TOKEN: 'ghp_x', HUBOT_GITHUB_API: 'ftp://ghe', HUBOT_GITHUB_USER: 'not a login', HUBOT_GITHUB_ORG: '-acme', HUBOT_GITHUB_TIMEOUT: 'soon', HUBOT_GITHUB_LIST_LIMIT: '500' })
    expect(problems.map(p => p.split(':')[0]).sort()).toEqual(['HUBOT_GITHUB_API', 'HUBOT_GITHUB_LIST_LIMIT', 'HUBOT_GITHUB_ORG', 'HUBOT_GITHUB_TIMEOUT', 'HUBOT_GITHUB_USER'])
    expect(problems.find(p => p.startsWith('HUBOT_GITHUB_API'))).toContain('https://HOST/api/v3 for GitHub Enterprise Server')
    expect(problems.find(p => p.startsWith('HUBOT_GITHUB_USER'))).toContain('a GitHub user or organization name')
  })

  test('--config-check lists them and exits 1', async () => {
    const run = await runMain(['--config-check'], '', { env: { HUBOT_GITHUB_TOKEN: 'ghp_x', HUBOT_GITHUB_LIST_LIMIT: '0', HUBOT_GITHUB_ORG: 'acme inc' } })
    expect(run.code).toBe(1)
    expect(run.stdout + run.stderr).toContain('HUBOT_GITHUB_LIST_LIMIT')
    expect(run.stdout + run.stderr).toContain('HUBOT_GITHUB_ORG')
  })
})

describe('help', () => {
  let bot: TestBot
  beforeAll(async () => { bot = await startTestBot({ scripts: ['help.ts', 'github.ts'] }) })
  afterAll(async () => { await bot.stop() })

  test('each command line of the header is one listener, github.<verb>', () => {
    const entries = helpEntries(bot.robot, {}).filter(e => e.listenerIds.some(id => id.startsWith('github.')))
    expect(entries.map(e => [e.line.split(' - ')[0], e.listenerIds]).sort()).toEqual([
      ['hubot show [me] <repo> pulls', ['github.pulls']],
      ['hubot show [me] <owner/repo> pulls [with <regular expression>]', ['github.pulls']],
      ['hubot show [me] org-pulls [for <organization>]', ['github.org-pulls']],
      ['hubot show [me] my pulls', ['github.my-pulls']],
      ['hubot github me as <login>', ['github.me-as']],
      ['hubot github forget me', ['github.forget-me']]
    ].sort())
  })

  test('"help pulls" in chat', async () => {
    const [reply] = await bot.say('alice', 'hubot help pulls')
    expect(reply.split('\n')).toHaveLength(4)
    expect(reply).toContain('hubot show [me] org-pulls [for <organization>] - open pull requests across an organization (default HUBOT_GITHUB_ORG), archived repositories left out')
  })
})
