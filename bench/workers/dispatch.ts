// One side of the dispatch benchmark in its own process: `ours` or `stock <listeners>`.
// Says each list of lines `count` times one after another (after a warm-up) and reports
// messages per second and per-message latency percentiles.
import type { Side } from '../lib/adapter.ts'
import { report } from '../lib/child.ts'
import { MIX, UNMATCHED, USERS } from '../lib/mix.ts'
import { percentile } from '../lib/stats.ts'

export interface DispatchFigures { perSecond: number, p50Us: number, p99Us: number, replies: number }
export interface DispatchReport { listeners: number, mix: DispatchFigures, unmatched: DispatchFigures }

const [side, listenersArg, countArg] = process.argv.slice(2)
const count = Number(countArg)

async function measure (bot: Side, lines: string[], n: number): Promise<DispatchFigures> {
  const latencies = new Float64Array(n)
  const before = bot.adapter.said
  const started = performance.now()
  for (let i = 0; i < n; i++) {
    const t = performance.now()
    await bot.say(USERS[i % USERS.length], lines[i % lines.length])
    latencies[i] = performance.now() - t
  }
  const elapsed = performance.now() - started
  const us = Array.from(latencies, ms => ms * 1000)
  return { perSecond: n / (elapsed / 1000), p50Us: percentile(us, 50), p99Us: percentile(us, 99), replies: bot.adapter.said - before }
}

// Each side loads only its own code: the stock process never holds ours.
const fakes = side === 'ours' ? await (await import('../lib/fakes.ts')).startFakes() : null
const bot: Side = side === 'ours'
  ? await (await import('../lib/ours.ts')).startOurs({ env: fakes!.env })
  : await (await import('../lib/stock.ts')).startStock(Number(listenersArg))
const warmup = Math.max(200, Math.round(count / 5))
await measure(bot, MIX, warmup)
await measure(bot, UNMATCHED, warmup)
const mix = await measure(bot, MIX, count)
const unmatched = await measure(bot, UNMATCHED, count)
const result: DispatchReport = { listeners: bot.robot.listeners.length, mix, unmatched }
await bot.stop()
await fakes?.close()
report(result)
