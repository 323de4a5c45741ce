// Concurrency: 500 "pager incidents" at once against the PagerDuty fake answering 200 ms
// late (in its own process), ours beside a stock hubot 14 listener doing the same fetch.
import path from 'node:path'
import type { SectionRun } from '../types.ts'
import { runChild, startWorker } from '../lib/child.ts'
import { alternate, limitRow, pairedRow } from '../lib/rounds.ts'
import { median } from '../lib/stats.ts'
import type { ConcurrencyReport } from '../workers/concurrency.ts'
import type { FakesReport } from '../workers/fakes.ts'

const WORKERS = path.join(import.meta.dirname, '..', 'workers')
const COMMANDS = 500
const LATENCY_MS = 200

export const run: SectionRun = async ({ quick }) => {
  const rounds = quick ? 2 : 5
  const fakes = startWorker(path.join(WORKERS, 'fakes.ts'), [String(LATENCY_MS)])
  try {
    const env = { BENCH_FAKES: JSON.stringify(await fakes.next<FakesReport>()) }
    const side = async (name: string): Promise<ConcurrencyReport> => {
      const r = await runChild<ConcurrencyReport>(path.join(WORKERS, 'concurrency.ts'), [name, String(COMMANDS)], { env })
      // A side that drops commands is not faster: the round is refused, with what went wrong.
      if (r.answered < COMMANDS) throw new Error(`${name}: ${r.answered} of ${COMMANDS} commands answered with the incidents (${r.failed} failed${r.sample != null ? `, e.g. "${r.sample}"` : ''})`)
      return r
    }
    const paired = await alternate(rounds, async () => await side('ours'), async () => await side('stock'))
    const loopDelay = median(paired.ours.map(r => r.maxLoopDelayMs))
    return {
      name: 'concurrency',
      rows: [
        pairedRow(paired, { measure: `${COMMANDS} commands at once, fake ${LATENCY_MS} ms: total`, unit: 'ms', pick: r => r.totalMs, target: { atMost: 1.1 } }),
        limitRow('largest event-loop delay meanwhile', 'ms', loopDelay, median(paired.peer.map(r => r.maxLoopDelayMs)), { below: 50 })
      ],
      data: { rounds, commands: COMMANDS, latencyMs: LATENCY_MS, ours: paired.ours, stock: paired.peer },
      notes: [`${rounds} rounds, each side in its own process; the fakes and their ${LATENCY_MS} ms proxies in a third`]
    }
  } finally {
    await fakes.stop()
  }
}
