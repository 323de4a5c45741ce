import { describe, expect, test } from '@jest/globals'
import { ConfigError, readConfig } from '../../src/core/config.ts'

describe('readConfig', () => {
  test('defaults need no credentials: services are disabled, not errors', () => {
    const config = readConfig({})
    expect(config.bot).toMatchObject({ name: 'hubot', adapter: 'shell', shellUser: { name: 'shell', id: 'shell' }, shutdownTimeoutMs: 10_000 })
    expect(config.http).toEqual({ port: 8080, bindAddress: '0.0.0.0', basicAuth: null })
    expect(config.slack.enabled).toBe(false)
    expect(config.pagerduty.enabled).toBe(false)
    expect(config.persistence.redis).toBeNull()
    expect(Object.isFrozen(config.bot)).toBe(true)
  })

  test('hubot HTTP variables keep their meaning: EXPRESS_PORT wins over PORT; 0 is any free port', () => {
    expect(readConfig({ PORT: '5000' }).http.port).toBe(5000)
    expect(readConfig({ PORT: '5000', EXPRESS_PORT: '0' }).http.port).toBe(0)
  })

  test('every problem is listed at once, naming the variable and the fix, never the value', () => {
    let error: unknown
    try {
      readConfig({ PORT: '99999', HUBOT_SLACK_APP_TOKEN: 'xoxb-not-an-app-token', REDIS_URL: 'http://nope', HUBOT_APPROVAL_RULES: '[' })
    } catch (err) { error = err }
    expect(error).toBeInstanceOf(ConfigError)
    const problems = (error as ConfigError).problems
    expect(problems).toHaveLength(4)
    expect(problems[3]).toMatch(/^HUBOT_APPROVAL_RULES: cannot read JSON/)
    expect(problems.join('\n')).toContain('HUBOT_SLACK_APP_TOKEN: must be an app-level token starting xapp- (Slack app settings > Basic Information')
    expect(problems.join('\n')).not.toContain('xoxb-not-an-app-token')
  })

  test('half a credential pair is a problem', () => {
    expect(() => readConfig({ HUBOT_SLACK_APP_TOKEN: 'xapp-1' })).toThrow('set both or neither')
    expect(() => readConfig({ EXPRESS_USER: 'ops' })).toThrow('EXPRESS_USER and EXPRESS_PASSWORD')
  })

  test('approval rules: durations parsed, null removes approval, bad rules explained', () => {
    const { rules } = readConfig({ HUBOT_APPROVAL_RULES: '{"deploy.*": {"group": "deployers", "quorum": 2, "ttl": "30m"}, "pagerduty.trigger": null}' }).approval
    expect(rules).toEqual({ 'deploy.*': { group: 'deployers', quorum: 2, ttlMs: 1_800_000 }, 'pagerduty.trigger': null })
    expect(() => readConfig({ HUBOT_APPROVAL_RULES: '{"x": {"group": "Ops!", "ttl": "soon"}}' })).toThrow(/x.group.*\n.*x.ttl: "soon" is not a duration/)
    expect(() => readConfig({ HUBOT_APPROVAL_RULES: '{oops' })).toThrow('HUBOT_APPROVAL_RULES: cannot read JSON')
  })
})
