// Transcripts of the privileged writes: trigger (one POST with the assignee; no sleeping,
// no polling) and maintenance windows; and the approval policy they declare.
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import { describeApproval } from '../../src/access/index.ts'
import { startPagerDutyBot, type PagerDutyBot } from './pagerduty-harness.ts'

let pd: PagerDutyBot
beforeEach(async () => { pd = await startPagerDutyBot() })
afterEach(async () => { await pd.stop() })

const WEB = 'https://acme.pagerduty.com'

describe('pager trigger', () => {
  test('to a user by name: lookups, then one POST /incidents assigned to them, From = the caller', async () => {
    const reply = await pd.say('carol', 'hubot pager trigger bob the build is broken')
    expect(reply).toMatch(new RegExp(`^Triggered #105 the build is broken \\(Web App\\) - triggered, assigned to Bob Jones - ${WEB}/incidents/PNEW\\w+$`))
    expect(pd.requests().sort()).toEqual(['GET /escalation_policies', 'GET /schedules', 'GET /users', 'POST /incidents'])
    const post = pd.fake.requests.find(r => r.method === 'POST')!
    expect(post.headers.from).toBe('carol@example.com')
    expect(post.body).toEqual({ incident: { type: 'incident', title: 'the build is broken', service: { id: 'PSVCWEB', type: 'service_reference' }, assignments: [{ assignee: { id: 'PBOB002', type: 'user_reference' } }] } })
    // The lookups are remembered: a second trigger to the same target is one request.
    await pd.say('carol', 'hubot pager trigger bob again')
    expect(pd.requests()).toEqual(['POST /incidents'])
  })

  test('to a quoted schedule: its current on-call', async () => {
    expect(await pd.say('carol', 'hubot pager trigger "Primary On-Call" site down')).toMatch(/^Triggered #105 site down \(Web App\) - triggered, assigned to Alice Smith - .+ \(via Primary On-Call\)$/)
    expect(pd.fake.requests.find(r => r.path === '/oncalls')!.query.getAll('schedule_ids[]')).toEqual(['PSCHPRI'])
  })

  test('to an escalation policy: assigned through the policy', async () => {
    expect(await pd.say('carol', 'hubot pager trigger "Database Escalation" replication lag')).toMatch(/assigned to Dave Brown - .+ \(via Database Escalation\)$/)
    expect((pd.fake.requests.find(r => r.method === 'POST')!.body as { incident: Record<string, unknown> }).incident.escalation_policy).toEqual({ id: 'PEPDB01', type: 'escalation_policy_reference' })
  })

  test('to an email', async () => {
    expect(await pd.say('carol', 'hubot pager trigger dave@example.com disk full')).toContain('assigned to Dave Brown')
    expect(pd.requests()).toEqual(['GET /users', 'POST /incidents'])
  })

  test('an ambiguous target asks which and opens nothing', async () => {
    expect(await pd.say('carol', 'hubot pager trigger database help')).toBe('carol: "database" matches 3 targets: Database On-Call (schedule), Database Backup (schedule), Database Escalation (escalation policy). Which one? Use the full name, quoted if it has spaces.')
    expect(pd.requests().filter(r => r.startsWith('POST'))).toEqual([])
  })

  test('without a message: usage line, no request', async () => {
    expect(await pd.say('carol', 'hubot pager trigger bob')).toBe('carol: give a target and a message. Usage: pager trigger <target> <message> (quote a target with spaces: "Primary On-Call")')
    expect(pd.requests()).toEqual([])
  })

  test('without HUBOT_PAGERDUTY_SERVICE_ID it says which variable to set', async () => {
    await pd.stop()
    pd = await startPagerDutyBot({ HUBOT_PAGERDUTY_SERVICE_ID: '' })
    expect(await pd.say('carol', 'hubot pager trigger bob x')).toContain('set HUBOT_PAGERDUTY_SERVICE_ID')
    expect(pd.requests()).toEqual([])
  })

  test('the caller without an email falls back to HUBOT_PAGERDUTY_FROM_EMAIL', async () => {
    await pd.stop()
    pd = await startPagerDutyBot({ HUBOT_PAGERDUTY_FROM_EMAIL: 'dave@example.com' })
    pd.bot.robot.brain.userForId('erin', { name: 'erin' })
    expect(await pd.say('erin', 'hubot pager trigger bob x')).toContain('Triggered #105')
    expect(pd.fake.requests.find(r => r.method === 'POST')!.headers.from).toBe('dave@example.com')
  })
})

describe('pager maintenance', () => {
  test('names and ids, one POST, from now for N minutes, as the caller', async () => {
    const reply = await pd.say('alice', 'hubot pager maintenance 45 web "Mail Service" PSVCDB1')
    expect(reply).toMatch(new RegExp(`^Maintenance window on Web App, Mail Service, Database until 2026-11-25 12:45 UTC \\(45 minutes\\) - ${WEB}/service-directory/maintenance-windows/PMW\\w+$`))
    expect(pd.requests()).toEqual(['GET /services', 'GET /services', 'POST /maintenance_windows'])
    const post = pd.fake.requests[2]
    expect(post.headers.from).toBe('alice@example.com')
    expect(post.body).toEqual({ maintenance_window: { type: 'maintenance_window', start_time: '2026-11-25T12:00:00.000Z', end_time: '2026-11-25T12:45:00.000Z', description: 'Maintenance from chat by alice', services: ['PSVCWEB', 'PSVCMAI', 'PSVCDB1'].map(id => ({ id, type: 'service_reference' })) } })
  })

  test('an unknown service says so and opens nothing', async () => {
    expect(await pd.say('alice', 'hubot pager maintenance 10 payments')).toBe('alice: No service matches "payments". Check the name (say "pager services" to list them).')
    expect(pd.requests()).toEqual(['GET /services'])
  })
})

describe('approval policy', () => {
  test('without a rule, the privileged listeners declare approval by the oncall group', async () => {
    await pd.stop()
    pd = await startPagerDutyBot({ HUBOT_APPROVAL_RULES: '' })
    const rules = pd.bot.context.config.approval.rules
    const policies = Object.fromEntries(pd.bot.robot.listeners.map(l => [l.options.id, describeApproval(l, rules)]))
    for (const id of ['pagerduty.trigger', 'pagerduty.maintenance', 'pagerduty.take', 'pagerduty.ack-all', 'pagerduty.resolve-all']) {
      expect({ id, policy: policies[id] }).toEqual({ id, policy: { kind: 'fixed', policy: { group: 'oncall', quorum: 1, ttlMs: 15 * 60_000 } } })
    }
    for (const id of ['pagerduty.incidents', 'pagerduty.ack', 'pagerduty.resolve', 'pagerduty.oncall', 'pagerduty.me-as']) {
      expect({ id, policy: policies[id] }).toEqual({ id, policy: { kind: 'none' } })
    }
  })

  test('with the approval middleware, ack! waits for an oncall approval, then runs once as the requester', async () => {
    await pd.stop()
    pd = await startPagerDutyBot({ HUBOT_APPROVAL_RULES: '' }, ['pagerduty.ts', 'approvals.ts'])
    pd.bot.robot.brain.userForId('carol').roles = ['oncall']
    const [asked] = await pd.bot.say('alice', 'hubot pager ack!')
    expect(asked).toContain("'oncall'")
    expect(pd.requests()).toEqual([])
    const id = /approve ([A-Z2-9]{6})/.exec(asked)![1]
    const before = pd.bot.said().length
    await pd.bot.say('carol', `hubot approve ${id}`)
    expect(pd.requests()).toEqual(['GET /incidents', 'PUT /incidents'])
    expect(pd.fake.requests[1].headers.from).toBe('alice@example.com')
    expect(pd.bot.said().slice(before).join('\n')).toContain('Acknowledged 2 incidents:')
  })

  test('a held command with a bad argument gets its usage line, not an approval request, and no request is made', async () => {
    await pd.stop()
    pd = await startPagerDutyBot({ HUBOT_APPROVAL_RULES: '' }, ['pagerduty.ts', 'approvals.ts'])
    expect(await pd.say('alice', 'hubot pager maintenance 5000 web')).toBe('alice: "5000" is not a number of minutes from 1 to 1440. Usage: pager maintenance <minutes> <service> [<service> ...] (minutes 1-1440)')
    expect(await pd.say('alice', 'hubot pager me primary 0')).toBe('alice: "0" is not a number of minutes from 1 to 1440. Usage: pager me <schedule> <minutes> (minutes 1-1440)')
    expect(await pd.bot.context.store.keys('approval:req:')).toEqual([])
    expect(pd.requests()).toEqual([])
  })

  test('a held command that could not run after approval says why at once: no service for trigger, no email to act as', async () => {
    await pd.stop()
    pd = await startPagerDutyBot({ HUBOT_APPROVAL_RULES: '', HUBOT_PAGERDUTY_SERVICE_ID: '' }, ['pagerduty.ts', 'approvals.ts'])
    expect(await pd.say('alice', 'hubot pager trigger bob disk full')).toContain('pager trigger needs a service: set HUBOT_PAGERDUTY_SERVICE_ID')
    pd.bot.robot.brain.userForId('erin', { name: 'erin' })
    for (const command of ['pager ack!', 'pager resolve!', 'pager maintenance 30 web', 'pager me primary 30']) {
      expect(await pd.say('erin', `hubot ${command}`)).toContain('I don\'t know your PagerDuty email: say "pager me as you@example.com"')
    }
    expect(await pd.bot.context.store.keys('approval:req:')).toEqual([])
    expect(pd.requests()).toEqual([])
  })

  test('a held command naming no (or several) schedules, services or targets says so at once; a good name is looked up once', async () => {
    await pd.stop()
    pd = await startPagerDutyBot({ HUBOT_APPROVAL_RULES: '' }, ['pagerduty.ts', 'approvals.ts'])
    expect(await pd.say('alice', 'hubot pager me primery 30')).toBe('alice: No schedule matches "primery". Check the name (say "pager schedules" to list them).')
    expect(await pd.say('alice', 'hubot pager maintenance 30 web payments')).toBe('alice: No service matches "payments". Check the name (say "pager services" to list them).')
    expect(await pd.say('alice', 'hubot pager trigger database help')).toContain('"database" matches 3 targets')
    expect(await pd.bot.context.store.keys('approval:req:')).toEqual([])
    expect(pd.requests().filter(r => !r.startsWith('GET'))).toEqual([])

    pd.bot.robot.brain.userForId('carol').roles = ['oncall']
    const [asked] = await pd.bot.say('alice', 'hubot pager me primary 30')
    expect(pd.requests()).toEqual(['GET /schedules'])
    await pd.bot.say('carol', `hubot approve ${/approve ([A-Z2-9]{6})/.exec(asked)![1]}`)
    expect(pd.requests()).toEqual(['GET /users', 'POST /schedules/PSCHPRI/overrides'])
    expect(pd.fake.state.overrides.map(o => o.user.id)).toEqual(['PALICE1'])
  })

  test('help shows the approval next to the privileged commands', async () => {
    await pd.stop()
    pd = await startPagerDutyBot({ HUBOT_APPROVAL_RULES: '' }, ['pagerduty.ts', 'help.ts'])
    const help = await pd.say('alice', 'hubot help pager')
    expect(help).toContain("hubot pager trigger <target> <message> - open an incident for a user, or a schedule's or escalation policy's on-call (quote names with spaces) [needs 1 approval from 'oncall']")
    expect(help).toContain("hubot pager me <schedule> <minutes> - take the pager: an override for you on that schedule, from now [needs 1 approval from 'oncall']")
    expect(help).toMatch(/hubot pager incidents - [^\n[]+$/m)
  })
})
