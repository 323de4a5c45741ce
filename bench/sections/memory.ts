// Memory: heap used (after forced collections) once 10k and once 100k messages of the mix
// were dispatched, ours beside stock hubot 14 with as many listeners; flat means the
// second figure is within 10% (or 4 MiB) of the first. Then the PagerDuty name cache:
// heap retained per distinct schedule name looked up, which a bounded cache keeps near 0.
import path from 'node:path'
import type { Row, SectionRun } from '../types.ts'
import { runChild, startWorker } from '../lib/child.ts'
import { ratioOf } from '../lib/stats.ts'
import type { MemoryReport } from '../workers/memory.ts'
import type { FakesReport } from '../workers/fakes.ts'

const WORKERS = path.join(import.meta.dirname, '..', 'workers')
const FLAT_SHARE = 0.1
const FLAT_MIB = 4
/** Heap per distinct lookup that still counts as bounded: measurement noise spread over the lookups. */
const RETAINED_LIMIT_BYTES = 64

export const run: SectionRun = async ({ quick }) => {
  const [small, large] = quick ? [2_000, 20_000] : [10_000, 100_000]
  const [fewer, more] = quick ? [500, 3_000] : [2_000, 12_000]
  const fakes = startWorker(path.join(WORKERS, 'fakes.ts'), ['0'])
  try {
    const env = { BENCH_FAKES: JSON.stringify(await fakes.next<FakesReport>()) }
    const options = { env, nodeFlags: ['--expose-gc'], timeoutMs: 900_000 }
    const ours = await runChild<MemoryReport>(path.join(WORKERS, 'memory.ts'), ['ours', '0', `${small},${large}`, `${fewer},${more}`], options)
    const stock = await runChild<MemoryReport>(path.join(WORKERS, 'memory.ts'), ['stock', String(ours.listeners), `${small},${large}`], options)
    const at = (r: MemoryReport, n: number): number => r.heapMiB[String(n)]
    const growth = at(ours, large) - at(ours, small)
    const allowed = Math.max(FLAT_MIB, FLAT_SHARE * at(ours, small))
    const retained = ((ours.lookupHeapMiB[String(more)] - ours.lookupHeapMiB[String(fewer)]) * 2 ** 20) / (more - fewer)
    const label = (n: number): string => `${n / 1000}k`
    const rows: Row[] = [
      { measure: `heap after ${label(small)} messages of the mix`, ours: at(ours, small), peer: at(stock, small), unit: 'MiB', ratio: ratioOf(at(ours, small), at(stock, small)), target: null, met: null },
      { measure: `heap after ${label(large)} messages of the mix`, ours: at(ours, large), peer: at(stock, large), unit: 'MiB', ratio: ratioOf(at(ours, large), at(stock, large)), target: null, met: null },
      { measure: `heap growth ${label(small)} -> ${label(large)} messages`, ours: growth, peer: at(stock, large) - at(stock, small), unit: 'MiB', ratio: null, target: `<= ${allowed.toFixed(1)} MiB (flat)`, met: growth <= allowed },
      { measure: `heap kept per distinct PagerDuty name looked up (${fewer} -> ${more})`, ours: retained, peer: null, unit: 'B', ratio: null, target: `< ${RETAINED_LIMIT_BYTES} B (bounded cache)`, met: retained < RETAINED_LIMIT_BYTES }
    ]
    return {
      name: 'memory',
      rows,
      data: { ours, stock, flat: { share: FLAT_SHARE, mib: FLAT_MIB }, lookups: [fewer, more] },
      notes: [`${ours.listeners} listeners each; heap after two forced collections (--expose-gc); lookups are "pager schedule <new name>" against the fake PagerDuty (its own process)`]
    }
  } finally {
    await fakes.stop()
  }
}
