// One side of the concurrency benchmark in its own process: `ours` or `stock`, with the
// fakes' environment in BENCH_FAKES. Says `count` "pager incidents" at once and reports
// the time until every one is answered and the largest event-loop delay meanwhile.
import { monitorEventLoopDelay } from 'node:perf_hooks'
import type { Robot } from 'hubot'
import type { Side } from '../lib/adapter.ts'
import { report } from '../lib/child.ts'
import type { FakesReport } from './fakes.ts'

export interface ConcurrencyReport {
  totalMs: number
  maxLoopDelayMs: number
  p99LoopDelayMs: number
  /** Replies listing incidents ("#101 ..."). */
  answered: number
  /** Other replies (an error sentence) and listener errors, with a sample. */
  failed: number
  sample: string | null
}

const [side, countArg] = process.argv.slice(2)
const commands = Number(countArg)
const fakes = JSON.parse(process.env.BENCH_FAKES ?? '{}') as FakesReport
const USERS = Array.from({ length: 20 }, (_, i) => `user${i}`)

/** What a stock hubot script would do for the command: one fetch of the open incidents, one line each. */
function stockIncidents (robot: Robot): void {
  robot.respond(/pager incidents$/i, async (res) => {
    const url = `${fakes.pagerduty.url}/incidents?statuses%5B%5D=triggered&statuses%5B%5D=acknowledged&limit=100`
    const answer = await fetch(url, { headers: { Authorization: `Token token=${fakes.pagerduty.token}`, Accept: 'application/json' } })
    const body = await answer.json() as { incidents: Array<{ incident_number: number, title: string, status: string }> }
    await res.send(body.incidents.map(i => `#${i.incident_number} ${i.title} - ${i.status}`).join('\n'))
  })
}

const tally = { answered: 0, failed: 0, sample: null as string | null }
function count (text: string): void {
  if (/^#\d+ /m.test(text)) tally.answered++
  else { tally.failed++; tally.sample ??= text.slice(0, 200) }
}

async function burst (bot: Side, n: number): Promise<void> {
  await Promise.all(Array.from({ length: n }, async (_, i) => { await bot.say(USERS[i % USERS.length], 'hubot pager incidents') }))
}

// Each side loads only its own code: the stock process never holds ours.
const bot: Side = side === 'ours'
  ? await (await import('../lib/ours.ts')).startOurs({ env: fakes.env })
  : await (await import('../lib/stock.ts')).startStock(1, stockIncidents)
bot.adapter.onSaid = count
bot.robot.on('error', (err: Error) => { tally.failed++; tally.sample ??= err.message })
// Warm-up: connections opened, code compiled, users known.
await burst(bot, USERS.length)
Object.assign(tally, { answered: 0, failed: 0, sample: null })
const delay = monitorEventLoopDelay({ resolution: 5 })
delay.enable()
const started = performance.now()
await burst(bot, commands)
const totalMs = performance.now() - started
delay.disable()
await bot.stop()
report({ totalMs, maxLoopDelayMs: delay.max / 1e6, p99LoopDelayMs: delay.percentile(99) / 1e6, ...tally } satisfies ConcurrencyReport)
