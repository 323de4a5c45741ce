// Deploy runs in /hubot/metrics: counted by configured app, env, task and result when they
// end (an interrupted run when the next start finds it), with their duration on the bot's
// clock. Read back by parsing the exposition text.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, test } from '@jest/globals'
import { ManualClock } from '../helpers/bot.ts'
import { MemoryStore } from '../../src/store/index.ts'
import { deployId, FIX, startDeployBot, until, type DeployBot } from '../deploy/harness.ts'
import { parseExposition, valueOf, type Sample } from './exposition.ts'

const TOKEN = 'metrics-token-0123456789abcdef'
const bots: DeployBot[] = []
afterEach(async () => { for (const b of bots.splice(0)) await b.stop() })

const YAML = `apps:\n  web:\n    environments: { staging: {} }\n    tasks:\n      hang: { command: [${FIX}/hang.sh], timeout: 20s }\n      deploy: { command: [${FIX}/chat.sh] }\n      fail: { command: [${FIX}/chat.sh, "3"] }\n`

async function scrape (bot: DeployBot): Promise<Sample[]> {
  const res = await fetch(`http://127.0.0.1:${bot.http!.port}/hubot/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })
  expect(res.status).toBe(200)
  return parseExposition(await res.text())
}

const start = async (options: { store: MemoryStore, clock: ManualClock, dir?: string }): Promise<DeployBot> => {
  const bot = await startDeployBot({ ...options, yaml: YAML, httpd: true, env: { HUBOT_METRICS_TOKEN: TOKEN } })
  bots.push(bot)
  return bot
}

describe('deploy metrics', () => {
  test('ended runs are counted by app, env, task and result, with their duration', async () => {
    const clock = new ManualClock()
    const bot = await start({ store: new MemoryStore({ clock }), clock })
    deployId(await bot.say('alice', 'hubot deploy web to staging'))
    deployId(await bot.say('alice', 'hubot deploy web to staging'))
    expect((await bot.say('alice', 'hubot fail web to staging')).at(-1)).toMatch(/failed/)
    // A run that takes 42 s on the bot's clock, then is cancelled.
    const running = bot.say('alice', 'hubot hang web to staging')
    const id = /deploy ([A-Z2-9]{6}) started/.exec(await until(bot, /started: alice runs hang/))?.[1] ?? ''
    await until(bot, /^hanging$/)
    clock.advance(42_000)
    await Promise.all([running, bot.say('alice', `hubot deploy cancel ${id}`)])

    const samples = await scrape(bot)
    const runs = (task: string, result: string): number => valueOf(samples, 'chatops_deploys_total', { app: 'web', env: 'staging', task, result })
    expect([runs('deploy', 'succeeded'), runs('fail', 'failed'), runs('hang', 'cancelled')]).toEqual([2, 1, 1])
    expect(valueOf(samples, 'chatops_deploy_duration_seconds_count', { task: 'deploy', result: 'succeeded' })).toBe(2)
    expect(valueOf(samples, 'chatops_deploy_duration_seconds_count', { task: 'hang', result: 'cancelled' })).toBe(1)
    const sum = valueOf(samples, 'chatops_deploy_duration_seconds_sum', { task: 'hang', result: 'cancelled' })
    expect(sum).toBeGreaterThanOrEqual(42)
    expect(sum).toBeLessThan(60)
    expect(valueOf(samples, 'chatops_deploy_duration_seconds_bucket', { task: 'hang', result: 'cancelled', le: '30' })).toBe(0)
    expect(valueOf(samples, 'chatops_deploy_duration_seconds_bucket', { task: 'hang', result: 'cancelled', le: '60' })).toBe(1)
    // Only configured names and result words label the series.
    for (const s of samples.filter(s => s.name.startsWith('chatops_deploy'))) {
      expect([s.labels.app, s.labels.env]).toEqual(['web', 'staging'])
      expect(['deploy', 'fail', 'hang']).toContain(s.labels.task)
      expect(['succeeded', 'failed', 'cancelled']).toContain(s.labels.result)
    }
  })

  test('a run interrupted by a bot stop is counted at the next start, without a duration', async () => {
    const clock = new ManualClock()
    const store = new MemoryStore({ clock })
    const first = await start({ store, clock })
    const running = first.say('alice', 'hubot hang web to staging')
    await until(first, /^hanging$/)
    // The crash: the first bot's heartbeat lapses; the restart finds its run.
    clock.advance(31_000)
    const second = await start({ store, clock, dir: first.dir })
    const samples = await scrape(second)
    expect(valueOf(samples, 'chatops_deploys_total', { app: 'web', env: 'staging', task: 'hang', result: 'interrupted' })).toBe(1)
    expect(valueOf(samples, 'chatops_deploy_duration_seconds_count', { result: 'interrupted' })).toBe(0)
    process.kill(-Number(readFileSync(path.join(first.dir, 'child.pid'), 'utf8').trim()), 'SIGKILL')
    await running
  })
})
