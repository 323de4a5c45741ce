// --config-check as a new user meets it: each configuration that would fail (or silently
// not do what was meant) gets its problem lines; a good one gets OK. Rows run in-process
// (checkConfiguration, the function main.ts calls) and, for a few, through the real entry
// point as a child process.
import { mkdtemp, symlink, writeFile } from 'node:fs/promises'
import net from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { checkConfiguration } from '../../src/runtime/config-check.ts'
import { SERVICE_VARIABLES } from '../../src/core/config-services.ts'
import { CONFIG_VARIABLES } from '../../src/core/config.ts'
import { ROOT } from '../helpers/bot.ts'
import { runMain } from '../helpers/process.ts'

const SLACK = { HUBOT_SLACK_APP_TOKEN: 'xapp-1-A0-PLANTEDAPP', HUBOT_SLACK_BOT_TOKEN: 'xoxb-1-PLANTEDBOT' }
const SLACK_APP_FIX = 'Slack app settings > Basic Information > App-Level Tokens (scope connections:write)'
const SLACK_BOT_FIX = 'Slack app settings > OAuth & Permissions > Bot User OAuth Token'
const PD_OFF = 'PagerDuty is off: it needs HUBOT_PAGERDUTY_API_KEY (PagerDuty > Integrations > API Access Keys); set it, or unset these'

async function rulesFile (json: unknown): Promise<string> {
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'hubot-rules-')), 'rules.json')
  await writeFile(file, JSON.stringify(json))
  return file
}

// Scripts are still being added, so the nearest ids after the first can change: rule
// lines are matched up to the first (and best) suggestion.
const startsWith = (prefix: string): string => expect.stringMatching(new RegExp('^' + prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))) as unknown as string

// [name, environment, the problem lines expected (exactly, in order)]
const BAD: Array<[string, Record<string, string>, string[]]> = [
  ['slack adapter without tokens', { HUBOT_ADAPTER: 'slack' }, [
    `HUBOT_SLACK_APP_TOKEN: the slack adapter needs it (${SLACK_APP_FIX})`,
    `HUBOT_SLACK_BOT_TOKEN: the slack adapter needs it (${SLACK_BOT_FIX})`
  ]],
  ['slack adapter with half the tokens: one line, not two', { HUBOT_ADAPTER: 'Slack', HUBOT_SLACK_APP_TOKEN: SLACK.HUBOT_SLACK_APP_TOKEN }, [
    'HUBOT_SLACK_APP_TOKEN and HUBOT_SLACK_BOT_TOKEN: set both or neither'
  ]],
  ['a misspelt adapter', { HUBOT_ADAPTER: 'slak' }, [
    'HUBOT_ADAPTER (-a): no adapter of that name is built in or installed; did you mean "slack"? (built in: shell, terminal, slack; or an installed package that exports use(robot))'
  ]],
  ['an adapter package that is not installed', { HUBOT_ADAPTER: 'hubot-no-such-adapter' }, [
    'HUBOT_ADAPTER (-a): no adapter of that name is built in or installed (built in: shell, terminal, slack; or an installed package that exports use(robot))'
  ]],
  ['an approval rule key with a typo', { HUBOT_APPROVAL_RULES: '{"roles.grnt": {"group": "oncall"}}' }, [
    startsWith('HUBOT_APPROVAL_RULES: "roles.grnt" matches no command id, so it never applies; closest ids: roles.grant')
  ]],
  ['a glob that matches nothing, and a null for an id that does not exist', { HUBOT_APPROVAL_RULES: '{"pagerdty.*": {"group": "oncall"}, "pagerduty.trigger!": null, "pagerduty.*": {"group": "oncall"}}' }, [
    startsWith('HUBOT_APPROVAL_RULES: "pagerdty.*" matches no command id, so it never applies; closest: pagerduty.*'),
    startsWith('HUBOT_APPROVAL_RULES: "pagerduty.trigger!" matches no command id, so it never applies; closest ids: pagerduty.trigger')
  ]],
  ['ids are case-sensitive', { HUBOT_APPROVAL_RULES: '{"Roles.Grant": {"group": "oncall"}}' }, [
    startsWith('HUBOT_APPROVAL_RULES: "Roles.Grant" matches no command id, so it never applies; closest ids: roles.grant')
  ]],
  ['PagerDuty settings without its key', { HUBOT_PAGERDUTY_API_URL: 'https://api.eu.pagerduty.com', HUBOT_PAGERDUTY_SCHEDULES: 'PLANTEDSCHED' }, [
    `HUBOT_PAGERDUTY_API_URL, HUBOT_PAGERDUTY_SCHEDULES: set, but ${PD_OFF}`
  ]],
  ['Redis settings without REDIS_URL', { HUBOT_REDIS_ALLOW_SELF_SIGNED: 'true' }, [
    'HUBOT_REDIS_ALLOW_SELF_SIGNED: set, but Redis is off: it needs REDIS_URL (redis://host:6379 or rediss://host:6380); set it, or unset this'
  ]],
  ['a value of the wrong shape is named, never printed', { PORT: 'PLANTEDPORT', HUBOT_LOG_LEVEL: 'LOUD' }, [
    'HUBOT_LOG_LEVEL: Invalid option: expected one of "trace"|"debug"|"info"|"warn"|"error"|"fatal"|"silent"',
    'PORT: Invalid input: expected number, received NaN'
  ]]
]

const GOOD: Array<[string, Record<string, string>]> = [
  ['nothing set: the terminal, no services', {}],
  ['Slack with both tokens, the adapter name in any case', { HUBOT_ADAPTER: 'SLACK', ...SLACK }],
  ['the terminal by its other name', { HUBOT_ADAPTER: 'Terminal' }],
  ['enumerations in any case', { HUBOT_LOG_LEVEL: 'INFO', HUBOT_APPROVAL_BREAK_GLASS: 'TRUE', HUBOT_REDIS_ALLOW_SELF_SIGNED: 'Yes', REDIS_URL: 'redis://127.0.0.1:1' }],
  ['rules that match: an exact id, a glob, a null', { HUBOT_APPROVAL_RULES: '{"roles.grant": {"group": "oncall", "quorum": 2}, "pagerduty.*": {"group": "incident-commanders", "ttl": "30m"}, "pagerduty.trigger": null}' }],
  ['PagerDuty with its key and settings', { HUBOT_PAGERDUTY_API_KEY: 'PLANTEDKEY1234567890', HUBOT_PAGERDUTY_API_URL: 'https://api.eu.pagerduty.com', HUBOT_PAGERDUTY_SCHEDULES: 'Primary' }]
]

describe('checkConfiguration (in-process)', () => {
  test.each(BAD)('%s', async (_name, env, expected) => {
    const { problems } = await checkConfiguration(env)
    expect(problems).toEqual(expected)
    expect(problems.join('\n')).not.toMatch(/PLANTED/)
  })

  test.each(GOOD)('OK: %s', async (_name, env) => {
    expect(await checkConfiguration(env)).toEqual({ problems: [], warnings: [] })
  })

  test('a rule from HUBOT_APPROVAL_RULES_FILE is named with that variable; inline rules keep theirs', async () => {
    const file = await rulesFile({ 'approvals.brake-glass': { group: 'oncall' }, 'roles.grant': { group: 'oncall' } })
    const { problems } = await checkConfiguration({ HUBOT_APPROVAL_RULES_FILE: file, HUBOT_APPROVAL_RULES: '{"rolse.*": null}' })
    expect(problems).toEqual([
      startsWith('HUBOT_APPROVAL_RULES_FILE: "approvals.brake-glass" matches no command id, so it never applies; closest ids: approvals.break-glass'),
      startsWith('HUBOT_APPROVAL_RULES: "rolse.*" matches no command id, so it never applies; closest: roles.*')
    ])
  })

  test('a script that fails to load is a problem, and its listeners\' rules are checked against what did load', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'hubot-scripts-'))
    await symlink(path.join(ROOT, 'scripts', 'roles.ts'), path.join(dir, 'roles.ts'))
    await writeFile(path.join(dir, 'broken.mjs'), 'export default () => { throw new Error("broken at load") }\n')
    const { problems } = await checkConfiguration({ HUBOT_APPROVAL_RULES: '{"roles.grant": {"group": "oncall"}}' }, { scriptsDir: dir })
    expect(problems).toEqual(['script broken.mjs failed to load: broken at load'])
  })

  test('no scripts folder where the bot starts: one problem, and each rule is said to match nothing', async () => {
    const { problems } = await checkConfiguration({ HUBOT_APPROVAL_RULES: '{"roles.grant": null}' }, { scriptsDir: path.join(tmpdir(), 'no-such-scripts-dir') })
    expect(problems).toEqual([
      startsWith('the scripts could not be loaded: ENOENT'),
      'HUBOT_APPROVAL_RULES: "roles.grant" matches no command id, so it never applies; no commands are loaded'
    ])
  })

  test('every problem at once: wrong values, the adapter, rules and services together', async () => {
    const { problems } = await checkConfiguration({
      HUBOT_ADAPTER: 'slack', EXPRESS_PORT: '99999', HUBOT_APPROVAL_RULES: '{"roles.grnt": {"group": "oncall"}}', HUBOT_PAGERDUTY_SCHEDULES: 'x'
    })
    expect(problems.map(p => p.split(':')[0])).toEqual([
      'EXPRESS_PORT', 'HUBOT_SLACK_APP_TOKEN', 'HUBOT_SLACK_BOT_TOKEN', 'HUBOT_PAGERDUTY_SCHEDULES', 'HUBOT_APPROVAL_RULES'
    ])
  })

  test('on Heroku (DYNO) without REDIS_URL: OK, with a warning that roles would not survive a restart', async () => {
    expect(await checkConfiguration({ DYNO: 'web.1' })).toEqual({
      problems: [],
      warnings: ['DYNO is set (Heroku) but REDIS_URL is not: the brain and store are files on the dyno\'s disk, which Heroku discards at every restart (at least daily), so roles, pending approvals and the audit trail would be lost. Add Heroku Redis (it sets REDIS_URL) and HUBOT_REDIS_ALLOW_SELF_SIGNED=true']
    })
    expect(await checkConfiguration({ DYNO: 'web.1', REDIS_URL: 'rediss://:x@127.0.0.1:1' })).toEqual({ problems: [], warnings: [] })
  })

  test('every variable of the services table is one config.ts reads, and every vendor variable belongs to a service', () => {
    const listed = Object.values(SERVICE_VARIABLES).flatMap(s => [...s.enabling.flat(), ...s.dependent])
    expect(listed.filter(v => !CONFIG_VARIABLES.includes(v))).toEqual([])
    // A new vendor variable must say which service it belongs to, so --config-check can
    // report it when that service is off.
    const vendor = CONFIG_VARIABLES.filter(v => /^(HUBOT_(SLACK|PAGERDUTY|ZENDESK|GITHUB|REDIS)_|REDIS_URL$)/.test(v))
    expect(vendor.filter(v => !listed.includes(v))).toEqual([])
  })
})

describe('--config-check through the real entry point', () => {
  // Stands in for every address the configuration names (Redis, Slack, PagerDuty, the
  // HTTP port): the check must open no connection and listen on nothing.
  let trap: net.Server
  let port: number
  let connections = 0
  beforeAll(async () => {
    trap = net.createServer(socket => { connections++; socket.destroy() })
    await new Promise<void>(resolve => trap.listen(0, '127.0.0.1', resolve))
    port = (trap.address() as net.AddressInfo).port
  })
  afterAll(async () => { await new Promise(resolve => trap.close(resolve)) })

  test('a good Slack configuration: OK, exit 0, nothing contacted and nothing listened on', async () => {
    const run = await runMain(['-a', 'slack', '--config-check'], '', {
      env: {
        ...SLACK,
        HUBOT_SLACK_API_URL: `http://127.0.0.1:${port}/api/`,
        REDIS_URL: `redis://127.0.0.1:${port}`,
        HUBOT_PAGERDUTY_API_KEY: 'PLANTEDKEY1234567890',
        HUBOT_PAGERDUTY_API_URL: `http://127.0.0.1:${port}`,
        EXPRESS_PORT: String(port) // taken: a listen would fail with EADDRINUSE
      }
    })
    expect([run.code, run.stdout]).toEqual([0, 'OK\n'])
    expect(run.stderr).toBe('')
    expect(connections).toBe(0)
  })

  test('`-a slack` without tokens, a misspelt rule and PagerDuty settings without a key: every problem, exit 1', async () => {
    const run = await runMain(['-a', 'slack', '-t'], '', {
      env: { HUBOT_APPROVAL_RULES: '{"roles.grnt": {"group": "oncall"}}', HUBOT_PAGERDUTY_API_URL: 'https://api.eu.pagerduty.com', HUBOT_PAGERDUTY_SCHEDULES: 'PLANTEDSCHED', HUBOT_LOG_LEVEL: 'INFO' }
    })
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr.split('\n')).toEqual([
      'Configuration problems:',
      `  - HUBOT_SLACK_APP_TOKEN: the slack adapter needs it (${SLACK_APP_FIX})`,
      `  - HUBOT_SLACK_BOT_TOKEN: the slack adapter needs it (${SLACK_BOT_FIX})`,
      `  - HUBOT_PAGERDUTY_API_URL, HUBOT_PAGERDUTY_SCHEDULES: set, but ${PD_OFF}`,
      startsWith('  - HUBOT_APPROVAL_RULES: "roles.grnt" matches no command id, so it never applies; closest ids: roles.grant'),
      ''
    ])
    expect(run.stderr).not.toContain('PLANTED')
  })

  test('HUBOT_LOG_LEVEL=INFO: the check says OK, and the bot then starts and answers at that level', async () => {
    const check = await runMain(['-t'], '', { env: { HUBOT_LOG_LEVEL: 'INFO' } })
    expect([check.code, check.stdout]).toEqual([0, 'OK\n'])
    const run = await runMain(['-d'], 'help help\n', { env: { HUBOT_LOG_LEVEL: 'WARN' } })
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('help <words>')
    expect(run.stderr).not.toContain('"level":30') // info lines are below WARN
  })

  test('a bad HUBOT_LOG_LEVEL is listed with the rest, not a crash', async () => {
    const run = await runMain(['-t'], '', { env: { HUBOT_LOG_LEVEL: 'loud', HUBOT_ADAPTER: 'slak' } })
    expect(run.code).toBe(1)
    expect(run.stderr.split('\n').filter(l => l.startsWith('  - ')).map(l => l.split(':')[0])).toEqual(['  - HUBOT_LOG_LEVEL', '  - HUBOT_ADAPTER (-a)'])
  })

  test('a start without the check still logs a rule that matches no command, as a warning', async () => {
    const run = await runMain(['-d'], '', { env: { HUBOT_APPROVAL_RULES: '{"roles.grnt": {"group": "oncall"}, "roles.grant": {"group": "oncall"}}' } })
    expect(run.code).toBe(0)
    const warnings = run.stderr.split('\n').filter(l => l.startsWith('{')).map(l => JSON.parse(l) as { level: number, msg: string }).filter(l => l.level === 40)
    expect(warnings.map(w => w.msg)).toEqual([startsWith('HUBOT_APPROVAL_RULES: "roles.grnt" matches no command id, so it never applies; closest ids: roles.grant')])
  })

  test('HUBOT_ADAPTER=slak is not OK', async () => {
    const run = await runMain(['-t'], '', { env: { HUBOT_ADAPTER: 'slak' } })
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('did you mean "slack"?')
  })

  test('a warning goes to stderr; OK still goes to stdout with exit 0', async () => {
    const run = await runMain(['-t'], '', { env: { DYNO: 'web.1' } })
    expect([run.code, run.stdout]).toEqual([0, 'OK\n'])
    expect(run.stderr).toMatch(/^warning: DYNO is set \(Heroku\) but REDIS_URL is not/)
  })
})
