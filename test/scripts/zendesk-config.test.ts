// Zendesk's configuration: a subdomain gives https://<sub>.zendesk.com/api/v2 and agent
// links on that origin; HUBOT_ZENDESK_URL is the API base as given (its origin for links);
// two answers to one question are refused at start and by --config-check; the timeout
// and list limit are read and bounded.
import { afterEach, describe, expect, test } from '@jest/globals'
import { ConfigError, readConfig } from '../../src/core/config.ts'
import { secretValuesOf } from '../../src/core/redact.ts'
import { startTestBot, type TestBot } from '../helpers/bot.ts'
import { runMain } from '../helpers/process.ts'
import { CREDENTIALS, useFakeZendesk } from '../fakes/zendesk/harness.ts'

const zd = useFakeZendesk()
let bot: TestBot | undefined
afterEach(async () => { await bot?.stop(); bot = undefined })

const BASIC_ENV = { HUBOT_ZENDESK_EMAIL: CREDENTIALS.email, HUBOT_ZENDESK_TOKEN: CREDENTIALS.apiToken }
const problemsOf = (env: Record<string, string>): string[] => {
  try { readConfig(env); return [] } catch (err) { return (err as ConfigError).problems }
}

describe('where Zendesk is', () => {
  test('HUBOT_ZENDESK_SUBDOMAIN: requests go to https://<sub>.zendesk.com/api/v2 and links to the agent view there', async () => {
    // The account's host is routed to the fake, so the URL the bot built is what is checked.
    const sent: string[] = []
    const toFake: typeof fetch = async (input, init) => {
      const request = new Request(input, init)
      sent.push(request.url)
      return await fetch(new Request(request.url.replace('https://acme.zendesk.com/api/v2', zd.fake().url), request))
    }
    bot = await startTestBot({ scripts: ['zendesk.ts'], fetch: toFake, env: { HUBOT_ZENDESK_SUBDOMAIN: 'Acme', ...BASIC_ENV } })
    const [reply] = await bot.say('alice', 'hubot ticket 35436')
    expect(sent).toEqual(['https://acme.zendesk.com/api/v2/tickets/35436.json?include=users'])
    expect(reply.split('\n').at(-1)).toBe('https://acme.zendesk.com/agent/tickets/35436')
    const [list] = await bot.say('alice', 'hubot list open tickets')
    expect(list.split('\n')[1]).toMatch(/ - https:\/\/acme\.zendesk\.com\/agent\/tickets\/35471$/)
    expect(list.split('\n').at(-1)).toBe('and 2 more: https://acme.zendesk.com/agent/search/1?type=ticket&q=type%3Aticket+status%3Aopen')
  })

  test('HUBOT_ZENDESK_URL is the API base as given (a trailing slash dropped); links use its origin', () => {
    const config = readConfig({ HUBOT_ZENDESK_URL: 'https://zd-proxy.internal:8443/acme/api/v2/', ...BASIC_ENV }).zendesk
    expect(config).toMatchObject({ enabled: true, apiUrl: 'https://zd-proxy.internal:8443/acme/api/v2', webUrl: 'https://zd-proxy.internal:8443' })
    expect(readConfig({ HUBOT_ZENDESK_SUBDOMAIN: 'acme', ...BASIC_ENV }).zendesk).toMatchObject({ apiUrl: 'https://acme.zendesk.com/api/v2', webUrl: 'https://acme.zendesk.com' })
  })

  test('auth: email + API token, or an OAuth token; defaults 10 s and 10 tickets', () => {
    expect(readConfig({ HUBOT_ZENDESK_SUBDOMAIN: 'acme', ...BASIC_ENV }).zendesk).toMatchObject({
      auth: { kind: 'token', email: CREDENTIALS.email, apiToken: CREDENTIALS.apiToken }, timeoutMs: 10_000, listLimit: 10
    })
    expect(readConfig({ HUBOT_ZENDESK_SUBDOMAIN: 'acme', HUBOT_ZENDESK_OAUTH_TOKEN: 'oauth-1', HUBOT_ZENDESK_TIMEOUT: '3s', HUBOT_ZENDESK_LIST_LIMIT: '25' }).zendesk).toMatchObject({
      auth: { kind: 'oauth', oauthToken: 'oauth-1' }, timeoutMs: 3000, listLimit: 25
    })
  })
})

test('both tokens are among the secret values redacted wherever they appear', () => {
  expect(secretValuesOf(readConfig({ HUBOT_ZENDESK_SUBDOMAIN: 'acme', ...BASIC_ENV }))).toContain(CREDENTIALS.apiToken)
  expect(secretValuesOf(readConfig({ HUBOT_ZENDESK_SUBDOMAIN: 'acme', HUBOT_ZENDESK_OAUTH_TOKEN: CREDENTIALS.oauthToken }))).toContain(CREDENTIALS.oauthToken)
})

describe('what is refused', () => {
  test.each([
    ['a host instead of a subdomain', { HUBOT_ZENDESK_SUBDOMAIN: 'acme.zendesk.com' }, ['HUBOT_ZENDESK_SUBDOMAIN: only the subdomain: acme for acme.zendesk.com']],
    ['a URL without /api/v2', { HUBOT_ZENDESK_URL: 'https://acme.zendesk.com' }, ['HUBOT_ZENDESK_URL: the API base ending in /api/v2, without a query (e.g. https://acme.zendesk.com/api/v2)']],
    ['a URL with a query', { HUBOT_ZENDESK_URL: 'https://acme.zendesk.com/api/v2?x=1' }, ['HUBOT_ZENDESK_URL: the API base ending in /api/v2, without a query (e.g. https://acme.zendesk.com/api/v2)']],
    ['not an email', { HUBOT_ZENDESK_EMAIL: 'bot' }, ['HUBOT_ZENDESK_EMAIL: Invalid email address']],
    ['a list limit past one message', { HUBOT_ZENDESK_LIST_LIMIT: '26' }, ['HUBOT_ZENDESK_LIST_LIMIT: Too big: expected number to be <=25']],
    ['a list limit of 0', { HUBOT_ZENDESK_LIST_LIMIT: '0' }, ['HUBOT_ZENDESK_LIST_LIMIT: Too small: expected number to be >=1']],
    ['a timeout that is not a duration', { HUBOT_ZENDESK_TIMEOUT: 'soon' }, ['HUBOT_ZENDESK_TIMEOUT: "soon" is not a duration; use e.g. 90s, 30m, 2h']],
    ['both a subdomain and a URL', { HUBOT_ZENDESK_SUBDOMAIN: 'acme', HUBOT_ZENDESK_URL: 'https://acme.zendesk.com/api/v2', ...BASIC_ENV }, ['HUBOT_ZENDESK_SUBDOMAIN and HUBOT_ZENDESK_URL: set one, not both']],
    ['both an API token and an OAuth token', { HUBOT_ZENDESK_SUBDOMAIN: 'acme', ...BASIC_ENV, HUBOT_ZENDESK_OAUTH_TOKEN: 'oauth-1' }, ['HUBOT_ZENDESK_TOKEN and HUBOT_ZENDESK_OAUTH_TOKEN: set one, not both']]
  ])('%s', (_name, env, problems) => {
    expect(problemsOf(env)).toEqual(problems)
  })

  test('a problem names the variable, never its value', () => {
    const text = problemsOf({ HUBOT_ZENDESK_SUBDOMAIN: 'PLANTED.host', HUBOT_ZENDESK_EMAIL: 'PLANTED-not-email' }).join('\n')
    expect(text).toContain('HUBOT_ZENDESK_SUBDOMAIN')
    expect(text).not.toContain('PLANTED')
  })
})

describe('--config-check', () => {
  test('a complete Zendesk setting is OK; two answers to one question fail with the variables named, never the token', async () => {
    const ok = await runMain(['--config-check'], '', { env: { HUBOT_ZENDESK_SUBDOMAIN: 'acme', HUBOT_ZENDESK_OAUTH_TOKEN: 'PLANTED-OAUTH-SECRET' } })
    expect([ok.code, ok.stdout]).toEqual([0, 'OK\n'])
    const bad = await runMain(['--config-check'], '', { env: { HUBOT_ZENDESK_SUBDOMAIN: 'acme', HUBOT_ZENDESK_URL: 'https://acme.zendesk.com/api/v2', HUBOT_ZENDESK_EMAIL: 'bot@example.com', HUBOT_ZENDESK_TOKEN: 'PLANTED-API-SECRET', HUBOT_ZENDESK_OAUTH_TOKEN: 'PLANTED-OAUTH-SECRET' } })
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain('HUBOT_ZENDESK_SUBDOMAIN and HUBOT_ZENDESK_URL: set one, not both')
    expect(bad.stderr).toContain('HUBOT_ZENDESK_TOKEN and HUBOT_ZENDESK_OAUTH_TOKEN: set one, not both')
    expect(bad.stdout + bad.stderr).not.toContain('PLANTED')
  })
})
