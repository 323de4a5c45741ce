// GET /hubot/metrics after a scripted session: counts read back by parsing the exposition
// text; refused without credentials (basic auth or the bearer token); no label holds user
// text; vendor requests and webhook deliveries counted by bounded names.
import { afterEach, describe, expect, test } from '@jest/globals'
import type { TestBot } from '../helpers/bot.ts'
import { metricsOf } from '../../src/core/metrics.ts'
import { parseExposition, valueOf, type Sample } from './exposition.ts'
import { PLANTED, SAID, scriptedSession } from './session.ts'
import { startPagerDutyBot, type PagerDutyBot } from '../scripts/pagerduty-harness.ts'
import { startTestBot } from '../helpers/bot.ts'
import { ALL_ENV, ALL_SCRIPTS, validDelivery } from '../http/webhook-deliveries.ts'
import { post } from '../helpers/webhooks.ts'

const TOKEN = 'metrics-token-0123456789abcdef'
const bots: TestBot[] = []
let pd: PagerDutyBot | undefined
afterEach(async () => {
  for (const b of bots.splice(0)) await b.stop()
  await pd?.stop(); pd = undefined
})

async function scrape (bot: TestBot, authorization?: string): Promise<{ status: number, text: string }> {
  const res = await fetch(`http://127.0.0.1:${bot.http!.port}/hubot/metrics`, { headers: authorization != null ? { authorization } : {} })
  return { status: res.status, text: await res.text() }
}

const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`

async function sessionMetrics (): Promise<{ bot: TestBot, samples: Sample[] }> {
  const { bot } = await scriptedSession({ EXPRESS_USER: 'ops', EXPRESS_PASSWORD: 'scrape-pass', HUBOT_METRICS_TOKEN: TOKEN }, { httpd: true })
  bots.push(bot)
  const res = await scrape(bot, `Bearer ${TOKEN}`)
  expect(res.status).toBe(200)
  return { bot, samples: parseExposition(res.text) }
}

describe('/hubot/metrics', () => {
  test('counts a session\'s commands by listener and outcome, approvals by state, and the wait for a decision', async () => {
    const { samples } = await sessionMetrics()
    const commands = (listener: string, outcome: string): number => valueOf(samples, 'chatops_commands_total', { listener, outcome })
    expect(commands('ops.restart', 'ok')).toBe(1)
    expect(commands('deploy.run', 'held')).toBe(2)
    expect(commands('deploy.explode', 'held')).toBe(1)
    expect(commands('approvals.approve', 'ok')).toBe(2)
    expect(commands('approvals.deny', 'ok')).toBe(1)
    // dave lacks the auditor role: the role middleware stops it.
    expect(commands('approvals.audit', 'refused')).toBe(1)
    expect(valueOf(samples, 'chatops_command_duration_seconds_count', { listener: 'ops.restart', outcome: 'ok' })).toBe(1)
    const approvals = (state: string): number => valueOf(samples, 'chatops_approvals_total', { state })
    expect([approvals('requested'), approvals('approved'), approvals('denied'), approvals('executed'), approvals('failed')]).toEqual([3, 2, 1, 1, 1])
    // The first deploy waited 90 s on the bot's clock; the explode request none.
    expect(valueOf(samples, 'chatops_approval_decision_seconds_count', { state: 'approved' })).toBe(2)
    expect(valueOf(samples, 'chatops_approval_decision_seconds_sum', { state: 'approved' })).toBe(90)
    expect(valueOf(samples, 'chatops_approval_decision_seconds_bucket', { state: 'approved', le: '60' })).toBe(1)
    // Default process metrics, from this bot's own registry.
    expect(samples.some(s => s.name === 'process_cpu_user_seconds_total')).toBe(true)
    expect(samples.some(s => s.name === 'nodejs_eventloop_lag_seconds')).toBe(true)
  })

  test('no label value holds anything a user typed', async () => {
    const { bot, samples } = await sessionMetrics()
    const ids = new Set(bot.robot.listeners.map(l => String(l.options.id)))
    // The words of what users typed, less those that also name a listener (restart: ops.restart).
    const words = SAID.flatMap(s => s.split(/\s+/)).filter(w => w.length > 3 && ![...ids].some(id => id.includes(w)))
    expect(words).toEqual(expect.arrayContaining(['production', 'today', PLANTED]))
    for (const s of samples) {
      for (const value of Object.values(s.labels)) {
        expect(words.filter(w => value.includes(w))).toEqual([])
        expect(value).not.toContain(PLANTED)
      }
      if (s.name.startsWith('chatops_commands') || s.name.startsWith('chatops_command_')) expect(ids.has(s.labels.listener)).toBe(true)
    }
  })

  test('refuses without credentials or with wrong ones; basic auth or the bearer token let a scraper in', async () => {
    const { bot } = await sessionMetrics()
    for (const auth of [undefined, 'Bearer wrong-token-0123456789', `Bearer ${TOKEN}x`, basic('ops', 'wrong'), `Basic ${TOKEN}`]) {
      const res = await scrape(bot, auth)
      expect([auth, res.status]).toEqual([auth, 401])
      expect(res.text).not.toContain('chatops_')
    }
    expect((await scrape(bot, basic('ops', 'scrape-pass'))).status).toBe(200)
    expect((await scrape(bot, `Bearer ${TOKEN}`)).status).toBe(200)
  })

  test('closed when neither basic auth nor a token is configured', async () => {
    const bot = await startTestBot({ httpd: true })
    bots.push(bot)
    const res = await scrape(bot)
    expect(res.status).toBe(403)
    expect(res.text).toContain('HUBOT_METRICS_TOKEN')
  })

  test('two bots in one process count separately', async () => {
    const a = await startTestBot({ scripts: ['help.ts'] })
    const b = await startTestBot({ scripts: ['help.ts'] })
    bots.push(a, b)
    await a.say('U1', 'hubot help')
    const count = async (bot: TestBot): Promise<number> => valueOf(parseExposition(await metricsOf(bot.robot)!.registry.metrics()), 'chatops_commands_total', { outcome: 'ok' })
    expect([await count(a), await count(b)]).toEqual([1, 0])
  })
})

describe('vendor requests and webhook deliveries', () => {
  test('vendor requests by service and status class, with their duration', async () => {
    pd = await startPagerDutyBot()
    await pd.say('bob', "hubot who's on call")
    const ok = pd.requests().length
    pd.fake.failNext({ status: 500 })
    await pd.bot.say('bob', "hubot who's on call")
    const samples = parseExposition(await metricsOf(pd.bot.robot)!.registry.metrics())
    expect(ok).toBeGreaterThan(0)
    expect(valueOf(samples, 'chatops_vendor_requests_total', { service: 'pagerduty', status_class: '2xx' })).toBe(ok)
    expect(valueOf(samples, 'chatops_vendor_requests_total', { service: 'pagerduty', status_class: '5xx' })).toBe(1)
    expect(valueOf(samples, 'chatops_vendor_request_duration_seconds_count', { service: 'pagerduty', status_class: '2xx' })).toBe(ok)
    expect(valueOf(samples, 'chatops_commands_total', { listener: 'pagerduty.oncall', outcome: 'failed' })).toBe(1)
  })

  test('webhook deliveries by source and result', async () => {
    const bot = await startTestBot({ httpd: true, scripts: ALL_SCRIPTS, env: ALL_ENV })
    bots.push(bot)
    const d = await validDelivery('ci', Date.now())
    expect((await post(bot, d.path, d.body, d.headers)).status).toBe(202)
    expect((await post(bot, d.path, d.body, d.headers)).status).toBe(200)
    expect((await post(bot, d.path, d.body, { ...d.headers, authorization: 'Bearer nope' })).status).toBe(401)
    await bot.context.work.idle()
    const samples = parseExposition(await metricsOf(bot.robot)!.registry.metrics())
    const webhooks = (result: string): number => valueOf(samples, 'chatops_webhook_deliveries_total', { source: 'ci', result })
    expect([webhooks('accepted'), webhooks('duplicate'), webhooks('rejected')]).toEqual([1, 1, 1])
  })
})
