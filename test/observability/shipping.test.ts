// Shipping to Elasticsearch: a session's lines reach a fake _bulk endpoint as NDJSON create
// pairs for the data stream logs-chatops-<name>, the same lines stderr gets, with the
// credentials the URL or the API key give (never in a log line). A stalled Elasticsearch
// does not delay chat; lines past the bounded buffer are dropped for shipping, counted and
// logged, while stderr keeps every one. One that answers 503 or refuses connections is given
// up on after the (shortened) retries, its batch counted as dropped and logged; shipping
// pauses (lines dropped and counted), then resumes once Elasticsearch is back.
import { afterEach, describe, expect, test } from '@jest/globals'
import { startTestBot, type TestBot } from '../helpers/bot.ts'
import { shipperOf } from '../../src/core/log.ts'
import { startFakeElasticsearch, type FakeElasticsearch } from '../fakes/elasticsearch/fake-elasticsearch.ts'
import { scriptedSession } from './session.ts'

const STREAM = /^logs-chatops-hubot$/
let fake: FakeElasticsearch | undefined
const bots: TestBot[] = []
afterEach(async () => {
  for (const b of bots.splice(0)) { await b.stop(); await shipperOf(b.context.log)?.close(2_000) }
  await fake?.close(); fake = undefined
})

/** Stops the bot, then lets the worker send what it holds. */
async function finish (bot: TestBot): Promise<void> {
  bots.splice(bots.indexOf(bot), 1)
  await bot.stop()
  await shipperOf(bot.context.log)!.close(5_000)
}

describe('shipping to Elasticsearch', () => {
  test('ECS lines of a session arrive as create pairs in logs-chatops-<name>, the same lines as stderr; URL credentials become basic auth and are never logged', async () => {
    fake = await startFakeElasticsearch(STREAM)
    const url = fake.url.replace('http://', 'http://elastic:s3cret-pw-9876@')
    const { bot } = await scriptedSession({ HUBOT_NAME: 'hubot', HUBOT_LOG_FORMAT: 'ecs', HUBOT_LOG_ELASTICSEARCH_URL: url })
    bots.push(bot)
    await finish(bot)
    expect(fake.problems).toEqual([])
    expect(fake.docs.map(d => d.message)).toEqual(bot.logs.lines.map(l => l.message))
    expect(fake.docs[0]).toEqual(expect.objectContaining({ 'service.name': 'hubot', 'ecs.version': expect.any(String) }))
    expect(new Set(fake.auth)).toEqual(new Set([`Basic ${Buffer.from('elastic:s3cret-pw-9876').toString('base64')}`]))
    expect(bot.logs.raw).not.toContain('s3cret-pw-9876')
    expect(JSON.stringify(fake.docs)).not.toContain('s3cret-pw-9876')
  })

  test('pino lines too, with the API key as ApiKey auth', async () => {
    fake = await startFakeElasticsearch(STREAM)
    const bot = await startTestBot({ env: { HUBOT_NAME: 'hubot', HUBOT_LOG_ELASTICSEARCH_URL: fake.url, HUBOT_LOG_ELASTICSEARCH_API_KEY: 'ZXNrZXk6c2VjcmV0a2V5dmFsdWU=' } })
    bots.push(bot)
    bot.context.log.info({ note: 'the key is ZXNrZXk6c2VjcmV0a2V5dmFsdWU=' }, 'one line')
    await finish(bot)
    expect(fake.problems).toEqual([])
    expect(fake.docs.map(d => d.msg)).toEqual(bot.logs.lines.map(l => l.msg))
    expect(fake.auth[0]).toBe('ApiKey ZXNrZXk6c2VjcmV0a2V5dmFsdWU=')
    expect(bot.logs.raw).not.toContain('c2VjcmV0a2V5dmFsdWU')
  })

  test('a stalled Elasticsearch: chat answers at once, stderr gets every line, the overflow is dropped, counted and logged', async () => {
    fake = await startFakeElasticsearch(STREAM, 'stall')
    const bot = await startTestBot({ env: { HUBOT_NAME: 'hubot', HUBOT_LOG_ELASTICSEARCH_URL: fake.url }, logShipping: { flushIntervalMs: 10 } })
    bots.push(bot)
    const filler = 'x'.repeat(400)
    const LINES = 15_000 // about 7 MB: past the 4 MiB buffer and what the worker holds
    for (let i = 0; i < LINES; i++) bot.context.log.info({ i, filler }, 'filler line')
    const started = performance.now()
    expect(await bot.say('U1', 'hubot help help')).toEqual([expect.stringContaining('help')])
    expect(performance.now() - started).toBeLessThan(1_000)
    await new Promise(resolve => setImmediate(resolve))
    const shipper = shipperOf(bot.context.log)!
    expect(shipper.dropped).toBeGreaterThan(0)
    expect(bot.logs.lines.filter(l => l.msg === 'filler line')).toHaveLength(LINES)
    const warned = bot.logs.lines.find(l => String(l.msg).startsWith('Elasticsearch is slow or down'))
    expect(warned).toEqual(expect.objectContaining({ level: 40, dropped_lines: expect.any(Number) }))
    // The worker did send to the stalled Elasticsearch (which never answered).
    await fake.asked(1)
    expect(fake.problems).toEqual([])
  })

  test.each([['answers 503', 'unavailable'], ['refuses connections', 'refused']] as const)('an Elasticsearch that %s: chat answers at once, the lines not shipped are counted and logged', async (_what, mode) => {
    let url = 'http://127.0.0.1:1/' // nothing listens on port 1
    if (mode === 'unavailable') { fake = await startFakeElasticsearch(STREAM, 'unavailable'); url = fake.url }
    const bot = await startTestBot({ env: { HUBOT_NAME: 'hubot', HUBOT_LOG_ELASTICSEARCH_URL: url }, logShipping: { flushIntervalMs: 10, maxRetries: 1, retryBackoffMs: 10 } })
    bots.push(bot)
    const started = performance.now()
    for (let i = 0; i < 20; i++) bot.context.log.info({ i }, 'a line to ship')
    expect(await bot.say('U1', 'hubot help help')).toEqual([expect.stringContaining('help')])
    expect(performance.now() - started).toBeLessThan(1_000)
    // The worker gives up on the batch after one retry: its lines are counted as not shipped.
    const warned = await logged(bot, /^Elasticsearch is slow or down/)
    expect(warned).toEqual(expect.objectContaining({ level: 40, dropped_lines: expect.any(Number) }))
    expect(Number(warned.dropped_lines)).toBeGreaterThanOrEqual(20)
    expect(bot.logs.lines.filter(l => l.msg === 'a line to ship')).toHaveLength(20)
    if (fake != null) {
      // The first try and one retry (maxRetries: 1) of the same batch, each answered 503.
      expect(fake.requests).toBe(2)
      expect(fake.docs.slice(fake.docs.length / 2)).toEqual(fake.docs.slice(0, fake.docs.length / 2))
    }
    // Shipping pauses (30 s by default): each later line is dropped for shipping and counted (stderr has it).
    for (let i = 0; i < 5; i++) bot.context.log.info('after the failure')
    await logged(bot, /^Elasticsearch is slow or down/, 2)
    const before = shipperOf(bot.context.log)!.dropped
    bot.context.log.info('after the failure')
    expect(shipperOf(bot.context.log)!.dropped).toBe(before + 1)
    expect(performance.now() - started).toBeLessThan(3_000)
  })

  test('an Elasticsearch that answers 503 and comes back: the failed batch is counted, lines during the pause are dropped, then shipping resumes and says so', async () => {
    fake = await startFakeElasticsearch(STREAM, 'unavailable')
    const bot = await startTestBot({ env: { HUBOT_NAME: 'hubot', HUBOT_LOG_ELASTICSEARCH_URL: fake.url }, logShipping: { flushIntervalMs: 10, maxRetries: 1, retryBackoffMs: 10, resumeAfterMs: PAUSE_MS } })
    bots.push(bot)
    const started = performance.now()
    const shipper = shipperOf(bot.context.log)!
    for (let i = 0; i < 5; i++) bot.context.log.info({ i }, 'while it is down')
    // The batch is refused (first warning), then the bulk run fails and the pause starts (second).
    const warned = await logged(bot, /^Elasticsearch is slow or down/)
    expect(warned).toEqual(expect.objectContaining({ level: 40 }))
    expect(Number(warned.dropped_lines)).toBeGreaterThanOrEqual(5)
    await loggedNow(bot, /^Elasticsearch is slow or down/, 2)
    const before = shipper.dropped
    bot.context.log.info('during the pause')
    expect(shipper.dropped).toBe(before + 1)
    await fake.setMode('ok')
    const docsBefore = fake.docs.length
    // Each 503 answer was seen (and checked) by the fake.
    expect(fake.problems).toEqual([])
    await new Promise(resolve => setTimeout(resolve, PAUSE_MS + 20))
    for (let i = 0; i < 3; i++) bot.context.log.info({ i }, 'after the pause')
    const resumed = await logged(bot, /^Elasticsearch caught up: log shipping resumed/)
    expect(resumed).toEqual(expect.objectContaining({ level: 30 }))
    expect(Number(resumed.dropped_lines)).toBeGreaterThanOrEqual(before + 1)
    await fake.received(docsBefore + 3)
    const shipped = fake.docs.slice(docsBefore).map(d => d.msg)
    expect(shipped.filter(m => m === 'after the pause')).toHaveLength(3)
    expect(shipped).not.toContain('during the pause')
    expect(fake.problems).toEqual([])
    // stderr kept every line.
    expect(bot.logs.lines.filter(l => l.msg === 'during the pause')).toHaveLength(1)
    // Down again: a new pause starts, its lines dropped and counted.
    await fake.setMode('unavailable')
    const warnings = bot.logs.lines.filter(l => /^Elasticsearch is slow or down/.test(String(l.msg))).length
    bot.context.log.info('down again')
    await loggedNow(bot, /^Elasticsearch is slow or down/, warnings + 2)
    const again = shipper.dropped
    bot.context.log.info('during the second pause')
    expect(shipper.dropped).toBe(again + 1)
    expect(performance.now() - started).toBeLessThan(3_000)
  })
})

const PAUSE_MS = 250

/** Like logged, but checks on every turn of the event loop: a line must follow it within the pause. */
async function loggedNow (bot: TestBot, pattern: RegExp, nth: number): Promise<void> {
  const until = performance.now() + 5_000
  while (bot.logs.lines.filter(l => pattern.test(String(l.msg))).length < nth) {
    if (performance.now() > until) throw new Error(`never logged ${String(pattern)}`)
    await new Promise(resolve => setImmediate(resolve))
  }
}

/** Polls (real time, 10 ms steps, 5 s at most) for the `nth` log line whose message matches. */
async function logged (bot: TestBot, pattern: RegExp, nth = 1): Promise<Record<string, unknown>> {
  for (let i = 0; i < 500; i++) {
    const hit = bot.logs.lines.filter(l => pattern.test(String(l.msg)))[nth - 1]
    if (hit != null) return hit
    await new Promise(resolve => setTimeout(resolve, 10))
  }
  throw new Error(`never logged ${String(pattern)}`)
}
