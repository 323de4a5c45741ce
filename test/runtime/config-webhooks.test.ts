// The webhook receivers' variables: each receiver is on with its secret and its room(s),
// off (naming what is missing) with one of them, and a wrong value is a problem that names
// the variable; --config-check reports a receiver set up halfway. Secrets are redacted.
import { describe, expect, test } from '@jest/globals'
import { ConfigError, readConfig } from '../../src/core/config.ts'
import { GITHUB_EVENTS } from '../../src/core/config-webhooks.ts'
import { secretValuesOf } from '../../src/core/redact.ts'
import { checkConfiguration } from '../../src/runtime/config-check.ts'

function problems (env: Record<string, string>): string[] {
  try {
    readConfig(env)
    return []
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err
    return err.problems
  }
}

describe('readConfig', () => {
  test('nothing set: every receiver off, naming its variables', () => {
    expect(readConfig({}).webhooks).toEqual({
      github: { enabled: false, missing: 'HUBOT_GITHUB_WEBHOOK_SECRET and HUBOT_GITHUB_ROOMS' },
      pagerduty: { enabled: false, missing: 'HUBOT_PAGERDUTY_WEBHOOK_SECRET and HUBOT_PAGERDUTY_ROOM' },
      zendesk: { enabled: false, missing: 'HUBOT_ZENDESK_WEBHOOK_SECRET and HUBOT_ZENDESK_ROOM' },
      ci: { enabled: false, missing: 'HUBOT_CI_WEBHOOK_TOKEN and HUBOT_CI_ROOMS' }
    })
  })

  test('all set: on, room keys lower-cased, every GitHub event by default', () => {
    const w = readConfig({
      HUBOT_GITHUB_WEBHOOK_SECRET: 'gh', HUBOT_GITHUB_ROOMS: '{"Acme/API": "#api", "*": "#github"}',
      HUBOT_PAGERDUTY_WEBHOOK_SECRET: 'pd', HUBOT_PAGERDUTY_ROOM: '#incidents',
      HUBOT_ZENDESK_WEBHOOK_SECRET: 'zd', HUBOT_ZENDESK_ROOM: 'C0123SUPPORT',
      HUBOT_CI_WEBHOOK_TOKEN: '0123456789abcdef', HUBOT_CI_ROOMS: '{"api-*": "#api"}'
    }).webhooks
    expect(w).toEqual({
      github: { enabled: true, secret: 'gh', rooms: { 'acme/api': '#api', '*': '#github' }, events: [...GITHUB_EVENTS] },
      pagerduty: { enabled: true, secret: 'pd', room: '#incidents' },
      zendesk: { enabled: true, secret: 'zd', room: 'C0123SUPPORT' },
      ci: { enabled: true, token: '0123456789abcdef', rooms: { 'api-*': '#api' } }
    })
  })

  test('HUBOT_GITHUB_EVENTS: an event means all its actions; an action only itself', () => {
    const events = (v: string): unknown => (readConfig({ HUBOT_GITHUB_WEBHOOK_SECRET: 's', HUBOT_GITHUB_ROOMS: '{"*":"r"}', HUBOT_GITHUB_EVENTS: v }).webhooks.github as { events: string[] }).events
    expect(events('push, pull_request')).toEqual(['push', 'pull_request:opened', 'pull_request:closed', 'pull_request:merged', 'pull_request:reopened', 'pull_request:ready_for_review', 'pull_request:review_requested'])
    expect(events('PULL_REQUEST:MERGED,release')).toEqual(['pull_request:merged', 'release:published'])
  })

  test('wrong values are problems naming the variable and how to fix it, not the value', () => {
    expect(problems({ HUBOT_GITHUB_ROOMS: '{"acme/*": "#dev",}', HUBOT_CI_ROOMS: '["#builds"]', HUBOT_GITHUB_EVENTS: 'push,pushes', HUBOT_CI_WEBHOOK_TOKEN: 'short' })).toEqual([
      'HUBOT_CI_WEBHOOK_TOKEN: at least 16 characters (e.g. the output of openssl rand -hex 32)',
      expect.stringMatching(/^HUBOT_GITHUB_ROOMS: cannot read JSON \(.*\) \(JSON like \{"acme\/api": "#api", "acme\/\*": "#dev", "\*": "#github"\}\)$/),
      expect.stringMatching(/^HUBOT_GITHUB_EVENTS: entry 2 is not an event the bot announces \(a comma list of event\[:action\]: push, pull_request:opened, /),
      expect.stringMatching(/^HUBOT_CI_ROOMS: .*\(JSON like \{"api-\*": "#api", "\*": "#builds"\}\)$/)
    ])
    expect(problems({ HUBOT_CI_ROOMS: '{}' })).toEqual(['HUBOT_CI_ROOMS: names no room (JSON like {"api-*": "#api", "*": "#builds"})'])
    expect(problems({ HUBOT_CI_ROOMS: '{"api": ""}' })).toEqual([expect.stringMatching(/^HUBOT_CI_ROOMS: api: a room name or channel id/)])
  })

  test('the secrets and the token are among the values redacted from logs and chat', () => {
    const config = readConfig({
      HUBOT_GITHUB_WEBHOOK_SECRET: 'gh-secret-value', HUBOT_GITHUB_ROOMS: '{"*":"r"}', HUBOT_PAGERDUTY_WEBHOOK_SECRET: 'pd-secret-value', HUBOT_PAGERDUTY_ROOM: 'r',
      HUBOT_ZENDESK_WEBHOOK_SECRET: 'zd-secret-value', HUBOT_ZENDESK_ROOM: 'r', HUBOT_CI_WEBHOOK_TOKEN: 'ci-token-value-0123', HUBOT_CI_ROOMS: '{"*":"r"}'
    })
    expect(secretValuesOf(config)).toEqual(expect.arrayContaining(['gh-secret-value', 'pd-secret-value', 'zd-secret-value', 'ci-token-value-0123']))
  })
})

describe('--config-check', () => {
  test('a receiver set up halfway is a problem: which variable is set, what else it needs', async () => {
    const { problems } = await checkConfiguration({ HUBOT_GITHUB_WEBHOOK_SECRET: 'gh', HUBOT_ZENDESK_ROOM: '#support' })
    expect(problems).toEqual([
      'HUBOT_GITHUB_WEBHOOK_SECRET: set, but the GitHub webhook is off: it needs HUBOT_GITHUB_WEBHOOK_SECRET and HUBOT_GITHUB_ROOMS (JSON like {"acme/api": "#api", "acme/*": "#dev", "*": "#github"}); set them, or unset this',
      'HUBOT_ZENDESK_ROOM: set, but the Zendesk webhook is off: it needs HUBOT_ZENDESK_WEBHOOK_SECRET and HUBOT_ZENDESK_ROOM; set them, or unset this'
    ])
  })

  test('a complete set is OK', async () => {
    expect(await checkConfiguration({ HUBOT_PAGERDUTY_WEBHOOK_SECRET: 'pd', HUBOT_PAGERDUTY_ROOM: '#incidents', HUBOT_CI_WEBHOOK_TOKEN: '0123456789abcdef', HUBOT_CI_ROOMS: '{"*":"#ci"}' })).toEqual({ problems: [], warnings: [] })
  })
})
