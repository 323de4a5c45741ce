// Webhooks: signed GitHub deliveries at 200 a second to our bot's HTTP server on loopback,
// time to the 2xx, alone and while 50 chat commands are in flight against a PagerDuty
// fake answering 200 ms late. No peer: stock hubot has no webhook receiver.
import path from 'node:path'
import type { Row, SectionRun } from '../types.ts'
import { startWorker } from '../lib/child.ts'
import { openLoop, type Timed } from '../lib/open-loop.ts'
import { pullRequestDeliveries } from '../lib/github-deliveries.ts'
import { limitRow } from '../lib/rounds.ts'
import { percentile } from '../lib/stats.ts'
import type { WebhookBotReady, WebhookBotReport } from '../workers/webhook-bot.ts'
import type { FakesReport } from '../workers/fakes.ts'

const WORKERS = path.join(import.meta.dirname, '..', 'workers')
const RATE = 200
const IN_FLIGHT = 50
const LATENCY_MS = 200
const WARMUP = 100

interface Phase { label: string, timed: Timed[], chat: WebhookBotReport | null }

async function phase (label: string, inFlight: number, seconds: number, env: Record<string, string>): Promise<Phase> {
  const bot = startWorker(path.join(WORKERS, 'webhook-bot.ts'), [String(inFlight)], { env })
  try {
    const { port } = await bot.next<WebhookBotReady>()
    await openLoop(port, await pullRequestDeliveries(WARMUP), RATE)
    const timed = await openLoop(port, await pullRequestDeliveries(RATE * seconds), RATE)
    bot.send('stop')
    return { label, timed, chat: await bot.next<WebhookBotReport>() }
  } finally {
    await bot.stop()
  }
}

function rows (p: Phase): Row[] {
  const ms = p.timed.map(t => t.ms)
  const ok = p.timed.filter(t => t.status >= 200 && t.status < 300).length
  return [
    limitRow(`GitHub deliveries ${RATE}/s, ${p.label}: p50 to the 2xx`, 'ms', percentile(ms, 50), null, { below: 20 }),
    limitRow(`GitHub deliveries ${RATE}/s, ${p.label}: p99 to the 2xx`, 'ms', percentile(ms, 99), null, { below: 20 }),
    { measure: `GitHub deliveries ${RATE}/s, ${p.label}: answered 2xx`, ours: (100 * ok) / p.timed.length, peer: null, unit: '%', ratio: null, target: '= 100 %', met: ok === p.timed.length }
  ]
}

export const run: SectionRun = async ({ quick }) => {
  const seconds = quick ? 2 : 10
  const fakes = startWorker(path.join(WORKERS, 'fakes.ts'), [String(LATENCY_MS)])
  try {
    const env = { BENCH_FAKES: JSON.stringify(await fakes.next<FakesReport>()) }
    const alone = await phase('alone', 0, seconds, env)
    const loaded = await phase(`${IN_FLIGHT} chat commands in flight`, IN_FLIGHT, seconds, env)
    const statuses = (p: Phase): Record<number, number> => p.timed.reduce<Record<number, number>>((acc, t) => { acc[t.status] = (acc[t.status] ?? 0) + 1; return acc }, {})
    return {
      name: 'webhooks',
      rows: [...rows(alone), ...rows(loaded)],
      data: {
        rate: RATE, seconds, inFlight: IN_FLIGHT, fakeLatencyMs: LATENCY_MS,
        alone: { statuses: statuses(alone), p90: percentile(alone.timed.map(t => t.ms), 90), max: Math.max(...alone.timed.map(t => t.ms)) },
        loaded: { statuses: statuses(loaded), p90: percentile(loaded.timed.map(t => t.ms), 90), max: Math.max(...loaded.timed.map(t => t.ms)), chat: loaded.chat }
      },
      notes: [`${RATE * seconds} pull_request deliveries per phase after ${WARMUP} unmeasured; loaded: ${loaded.chat?.chatAnswered ?? 0} chat commands answered meanwhile (${loaded.chat?.replies ?? 0} replies)`]
    }
  } finally {
    await fakes.stop()
  }
}
