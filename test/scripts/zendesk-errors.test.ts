// Every error class reaches chat as one sentence saying what went wrong and what to do next:
// not configured, rejected credentials (naming the variables in use), rate limits (waited
// out on the bot's clock, then reported), 5xx, timeouts, unreachable, a wrong API base, a
// refused search. No crash, no silence, and no token or credential in any log or reply.
import { afterEach, describe, expect, test } from '@jest/globals'
import { startTestBot, type TestBot } from '../helpers/bot.ts'
import { BASIC, CREDENTIALS, useZendeskBot } from './zendesk-harness.ts'

const start = useZendeskBot()
let plain: TestBot | undefined
afterEach(async () => { await plain?.stop(); plain = undefined })

const COMMANDS = ['tickets', 'zd pending tickets', 'list tickets', 'zendesk list escalated tickets', 'ticket 35436']
const CREDENTIALS_TEXT = "HUBOT_ZENDESK_EMAIL + HUBOT_ZENDESK_TOKEN (an agent's email and API token) or HUBOT_ZENDESK_OAUTH_TOKEN"

const LOCATION_TEXT = "HUBOT_ZENDESK_SUBDOMAIN (your account's, or HUBOT_ZENDESK_URL)"

describe('not configured', () => {
  test.each([
    ['nothing set', {}, `${LOCATION_TEXT} and either ${CREDENTIALS_TEXT}`],
    ['only the subdomain', { HUBOT_ZENDESK_SUBDOMAIN: 'acme' }, CREDENTIALS_TEXT],
    ['only the URL', { HUBOT_ZENDESK_URL: 'https://acme.zendesk.com/api/v2' }, CREDENTIALS_TEXT],
    ['a subdomain and an API token without its email', { HUBOT_ZENDESK_SUBDOMAIN: 'acme', HUBOT_ZENDESK_TOKEN: 'PLANTED-TOKEN-1' }, CREDENTIALS_TEXT],
    ['credentials without a subdomain', { HUBOT_ZENDESK_EMAIL: 'bot@example.com', HUBOT_ZENDESK_TOKEN: 'PLANTED-TOKEN-1' }, LOCATION_TEXT],
    ['an OAuth token without a subdomain', { HUBOT_ZENDESK_OAUTH_TOKEN: 'PLANTED-TOKEN-2' }, LOCATION_TEXT]
  ])('%s: every command says which variables to set, and sends nothing', async (_name, env, missing) => {
    const requests: string[] = []
    plain = await startTestBot({ scripts: ['zendesk.ts'], env, fetch: async (input) => { requests.push(input instanceof Request ? input.url : String(input)); return new Response(null, { status: 599 }) } })
    for (const command of COMMANDS) expect(await plain.say('alice', `hubot ${command}`)).toEqual([`alice: Zendesk isn't configured: set ${missing}`])
    expect(requests).toEqual([])
  })
})

describe('Zendesk answers', () => {
  test('401: the API token was rejected; the reply names the variables', async () => {
    const zd = await start({ HUBOT_ZENDESK_TOKEN: 'wrong-token-1234' })
    expect(await zd.say('alice', 'hubot tickets')).toBe("alice: Zendesk: rejected the bot's credentials or their access (check HUBOT_ZENDESK_EMAIL and HUBOT_ZENDESK_TOKEN; the user must be an agent who can see tickets) (HTTP 401) (check the API key the bot is configured with)")
    expect(zd.requests()).toEqual(['GET /api/v2/search/count.json'])
  })

  test('with an OAuth token: Bearer auth, and a 401 names HUBOT_ZENDESK_OAUTH_TOKEN', async () => {
    const zd = await start({ HUBOT_ZENDESK_EMAIL: '', HUBOT_ZENDESK_TOKEN: '', HUBOT_ZENDESK_OAUTH_TOKEN: CREDENTIALS.oauthToken })
    expect(await zd.say('alice', 'hubot open tickets')).toBe('12 open tickets.')
    expect(zd.fake.requests[0].auth.scheme).toBe('bearer')
    const wrong = await start({ HUBOT_ZENDESK_EMAIL: '', HUBOT_ZENDESK_TOKEN: '', HUBOT_ZENDESK_OAUTH_TOKEN: 'wrong-oauth-token-1234' })
    expect(await wrong.say('alice', 'hubot ticket 35436')).toContain('Zendesk: rejected the bot\'s credentials or their access (check HUBOT_ZENDESK_OAUTH_TOKEN;')
  })

  test('403 names the variables too', async () => {
    const zd = await start()
    zd.fake.failNext(403)
    expect(await zd.say('alice', 'hubot list tickets')).toContain('(check HUBOT_ZENDESK_EMAIL and HUBOT_ZENDESK_TOKEN; the user must be an agent who can see tickets) (HTTP 403)')
  })

  test('429 is waited out for Retry-After on the bot\'s clock, then the same request succeeds', async () => {
    const zd = await start()
    zd.fake.failNext(429, { retryAfter: 7 })
    expect(await zd.say('alice', 'hubot list on hold tickets')).toMatch(/^4 tickets on hold, most recently updated first:\n#35450 /)
    expect(zd.requests()).toEqual(['GET /api/v2/search.json', 'GET /api/v2/search.json'])
    expect(zd.clock.sleeps).toEqual([7000])
  })

  test('429 with a text body (as Zendesk\'s docs show) is waited out the same way', async () => {
    const zd = await start()
    zd.fake.failNext(429, { body: 'Rate limit exceeded, please wait', times: 2 })
    expect(await zd.say('alice', 'hubot ticket 35436')).toMatch(/^#35436 Help, my printer is on fire!\n/)
    expect(zd.requests()).toHaveLength(3)
    expect(zd.clock.sleeps).toEqual([1000, 1000])
  })

  test('429 beyond the retry cap is reported, after 3 requests', async () => {
    const zd = await start()
    zd.fake.failNext(429, { retryAfter: 2, times: 5 })
    expect(await zd.say('alice', 'hubot tickets')).toBe('alice: Zendesk: it is rate limiting the bot (its limit resets in 2 s) (try again in a minute)')
    expect(zd.requests()).toHaveLength(3)
    expect(zd.clock.sleeps).toEqual([2000, 2000])
  })

  test('a successful answer that carries Retry-After is still the answer (node-zendesk would return an Error in its place)', async () => {
    const zd = await start({}, response => {
      const headers = new Headers(response.headers)
      headers.set('retry-after', '30')
      return new Response(response.body, { status: response.status, headers })
    })
    expect(await zd.say('alice', 'hubot open tickets')).toBe('12 open tickets.')
    expect(zd.clock.sleeps).toEqual([])
  })

  test('429 asking for a long wait is reported at once, not slept through', async () => {
    const zd = await start()
    zd.fake.failNext(429, { retryAfter: 3600 })
    expect(await zd.say('alice', 'hubot tickets')).toBe('alice: Zendesk: it is rate limiting the bot (its limit resets in 3600 s) (try again in a minute)')
    expect(zd.requests()).toHaveLength(1)
    expect(zd.clock.sleeps).toEqual([])
  })

  test.each([500, 503])('%i is reported, not retried', async (status) => {
    const zd = await start()
    zd.fake.failNext(status)
    expect(await zd.say('alice', 'hubot ticket 35436')).toBe(`alice: Zendesk: it answered HTTP ${status} (try again shortly; if it keeps happening, check the service status page)`)
    expect(zd.requests()).toHaveLength(1)
  })

  test('no answer within HUBOT_ZENDESK_TIMEOUT is a timeout sentence; the next command works', async () => {
    const zd = await start({ HUBOT_ZENDESK_TIMEOUT: '200ms' })
    zd.fake.hangNext()
    expect(await zd.say('alice', 'hubot list tickets')).toBe('alice: Zendesk: no answer within 0.2 s (try again shortly; if it keeps happening, check the service status page)')
    expect(await zd.say('alice', 'hubot tickets')).toBe('32 unsolved tickets.')
  })

  test('an unreachable Zendesk is reported', async () => {
    const zd = await start({ HUBOT_ZENDESK_URL: 'http://127.0.0.1:9/api/v2' })
    expect(await zd.say('alice', 'hubot tickets')).toBe('alice: Zendesk: could not connect (try again shortly; the bot could not reach the service)')
  })

  test('a 404 from a search means the API base is wrong, and says which variables to check', async () => {
    const zd = await start()
    zd.fake.failNext(404)
    expect(await zd.say('alice', 'hubot tickets')).toBe('alice: Zendesk has no search API at the configured address: check HUBOT_ZENDESK_SUBDOMAIN or HUBOT_ZENDESK_URL (the API base ending in /api/v2)')
  })

  test('a refused search carries Zendesk\'s reason', async () => {
    const zd = await start()
    zd.fake.failNext(422, { body: { error: 'invalid', description: 'search returns at most 1000 results' } })
    expect(await zd.say('alice', 'hubot list tickets')).toBe('alice: Zendesk: it refused the request (HTTP 422: invalid: search returns at most 1000 results) (check the command and try again)')
  })
})

describe('secrets', () => {
  const SECRETS = [CREDENTIALS.apiToken, CREDENTIALS.oauthToken, BASIC.slice('Basic '.length)]

  test('Zendesk quoting the token or the Basic credential back in an error is redacted in chat', async () => {
    const zd = await start()
    zd.fake.failNext(400, { body: { error: 'invalid', description: `credential ${BASIC.slice('Basic '.length)} with ${CREDENTIALS.apiToken} refused` } })
    const reply = await zd.say('alice', 'hubot tickets')
    expect(reply).toBe('alice: Zendesk: it refused the request (HTTP 400: invalid: credential [REDACTED] with [REDACTED] refused) (check the command and try again)')
  })

  test('no token, Basic credential or search query in any log line or reply, across successes and every failure', async () => {
    const zd = await start()
    const oauth = await start({ HUBOT_ZENDESK_EMAIL: '', HUBOT_ZENDESK_TOKEN: '', HUBOT_ZENDESK_OAUTH_TOKEN: CREDENTIALS.oauthToken })
    for (const bot of [zd, oauth]) {
      for (const command of COMMANDS) await bot.say('alice', `hubot ${command}`)
      for (const status of [401, 403, 404, 422, 429, 500]) {
        bot.fake.failNext(status, status === 429 ? { retryAfter: 3600 } : {})
        await bot.say('alice', 'hubot list tickets')
      }
      await bot.say('alice', 'hubot ticket 99999')
    }
    const wrong = await start({ HUBOT_ZENDESK_TOKEN: 'wrong-token-5678' })
    await wrong.say('alice', 'hubot tickets')
    for (const bot of [zd, oauth, wrong]) {
      const text = bot.bot.logs.raw + bot.bot.said().join('\n')
      expect(bot.bot.logs.lines.some(l => l.msg === 'Zendesk request')).toBe(true) // the log was captured
      for (const secret of [...SECRETS, 'wrong-token-5678']) expect(text).not.toContain(secret)
      expect(bot.bot.logs.raw).not.toContain('status<solved')
      expect(bot.bot.logs.raw).not.toContain('query=')
    }
  })
})
