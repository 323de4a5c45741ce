// One side of the memory benchmark in its own process (run with --expose-gc): heap used,
// after a forced collection, once `first` and once `second` messages of the mix were
// dispatched; for ours also after `lookups` distinct PagerDuty schedule names were looked
// up (each a cache entry if the name cache kept everything). Fakes come from BENCH_FAKES.
import type { Side } from '../lib/adapter.ts'
import { report } from '../lib/child.ts'
import { MIX, USERS } from '../lib/mix.ts'
import type { FakesReport } from './fakes.ts'

export interface MemoryReport { listeners: number, heapMiB: Record<string, number>, lookupHeapMiB: Record<string, number> }

const [side, listenersArg, countsArg, lookupsArg] = process.argv.slice(2)
const counts = countsArg.split(',').map(Number)
const lookups = (lookupsArg ?? '').split(',').filter(Boolean).map(Number)
const fakes = JSON.parse(process.env.BENCH_FAKES ?? '{}') as FakesReport
const gc = (globalThis as { gc?: () => void }).gc
if (gc == null) throw new Error('run with --expose-gc')

function heapMiB (): number {
  // Twice: a first pass can leave finalisers and weak references for a second.
  gc!()
  gc!()
  return process.memoryUsage().heapUsed / 2 ** 20
}

const bot: Side = side === 'ours'
  ? await (await import('../lib/ours.ts')).startOurs({ env: fakes.env })
  : await (await import('../lib/stock.ts')).startStock(Number(listenersArg))

const heap: Record<string, number> = {}
let said = 0
for (const target of counts) {
  for (; said < target; said++) await bot.say(USERS[said % USERS.length], MIX[said % MIX.length])
  heap[String(target)] = heapMiB()
}

const lookupHeap: Record<string, number> = {}
let looked = 0
for (const target of lookups) {
  for (; looked < target; looked++) await bot.say('alice', `hubot pager schedule no-such-schedule-${looked}`)
  lookupHeap[String(target)] = heapMiB()
}
const listeners = bot.robot.listeners.length
await bot.stop()
report({ listeners, heapMiB: heap, lookupHeapMiB: lookupHeap } satisfies MemoryReport)
