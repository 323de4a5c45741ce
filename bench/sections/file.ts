// Idle and change cost of the file brain (the embedded default) with 10,000 users. Hubot 14
// has no file brain to set beside it, so the baseline is stock hubot 14's in-memory brain
// (what hubot does with no persistence at all) for CPU and loop delay, and no peer for the
// bytes: the target there is none written while idle. Both run at once, each in its own process.
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { Row, SectionRun } from '../types.ts'
import { median, ratioOf } from '../lib/stats.ts'
import { SideProcess } from '../brain/driver.ts'
import { brainPlan } from '../brain/plan.ts'
import type { Reply } from '../brain/protocol.ts'

// Against a baseline that does nothing, ours can only tie it: figures this small move by
// about this much from run to run on a shared 2-core machine, so a tie counts as met.
const CPU_NOISE_MS_PER_MIN = 5
const LOOP_NOISE_MS = 5
// The idle minute is watched in windows and the median window counts: every process here,
// stock's too, now and then spends 50-75 ms of CPU at once on nothing it was asked to do
// (Node's and tsx's background threads), 0 to 2 times a minute. In one window of a
// minute that burst, not the brain, would decide a comparison against a baseline that
// does nothing; the whole minute is kept in the results' data.
const IDLE_WINDOWS = 6

export const run: SectionRun = async ({ quick }) => {
  const plan = brainPlan(quick)
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-file-brain-'))
  const sides: SideProcess[] = []
  try {
    const env = { BENCH_USERS: String(plan.users) }
    // Each side also runs with no users at all: the difference is the idle work that grows
    // with the users (the rest, timers and metrics, is the same at any size).
    const [ours, stock, oursEmpty, stockEmpty] = await Promise.all([
      SideProcess.start('ours', { ...env, HUBOT_BRAIN_FILE: path.join(dir, 'brain.json') }),
      SideProcess.start('stock', env),
      SideProcess.start('ours', { BENCH_USERS: '0', HUBOT_BRAIN_FILE: path.join(dir, 'empty', 'brain.json') }),
      SideProcess.start('stock', { BENCH_USERS: '0' })
    ])
    sides.push(ours.side, stock.side, oursEmpty.side, stockEmpty.side)
    const idleAll = async (ms: number): Promise<Array<Extract<Reply, { kind: 'idle' }>>> =>
      await Promise.all([ours, stock, oursEmpty, stockEmpty].map(s => s.side.ask({ cmd: 'idle', ms }, 'idle')))
    await idleAll(plan.settleMs)
    const windows: Array<Array<Extract<Reply, { kind: 'idle' }>>> = []
    for (let w = 0; w < IDLE_WINDOWS; w++) windows.push(await idleAll(plan.idleMs / IDLE_WINDOWS))
    // Per side: the median window's CPU, and the bytes written over the whole minute.
    const [oursIdle, stockIdle, oursEmptyIdle, stockEmptyIdle] = [0, 1, 2, 3].map(i => ({
      cpuMs: median(windows.map(w => w[i].cpuMs)) * IDLE_WINDOWS,
      written: windows.reduce((sum, w) => sum + w[i].written, 0),
      wholeMinuteCpuMs: windows.reduce((sum, w) => sum + w[i].cpuMs, 0)
    }))
    await Promise.all([oursEmpty.side.stop(), stockEmpty.side.stop()])
    const [oursLoop, stockLoop] = await Promise.all([ours.side.ask({ cmd: 'loop', ms: plan.loopMs }, 'loop'), stock.side.ask({ cmd: 'loop', ms: plan.loopMs }, 'loop')])
    const changes: Array<{ written: number, savedMs: number }> = []
    for (let k = 0; k < plan.changes; k++) {
      const { written, savedMs } = await ours.side.ask({ cmd: 'change', n: 1 + k * 37 }, 'changed')
      changes.push({ written, savedMs })
    }

    const perMinute = (n: number): number => n * 60_000 / plan.idleMs
    const cpu = [perMinute(oursIdle.cpuMs), perMinute(stockIdle.cpuMs)]
    const growth = [cpu[0] - perMinute(oursEmptyIdle.cpuMs), cpu[1] - perMinute(stockEmptyIdle.cpuMs)]
    const perChange = median(changes.map(c => c.written))
    const rows: Row[] = [
      { measure: `idle CPU, ${plan.users.toLocaleString('en-US')} users (peer: stock in-memory brain)`, ours: cpu[0], peer: cpu[1], unit: 'ms/min', ratio: ratioOf(cpu[0], cpu[1]), target: `<= peer + ${CPU_NOISE_MS_PER_MIN} ms/min`, met: cpu[0] <= cpu[1] + CPU_NOISE_MS_PER_MIN },
      { measure: `idle CPU that grows with users (${plan.users.toLocaleString('en-US')} users less none)`, ours: growth[0], peer: growth[1], unit: 'ms/min', ratio: ratioOf(growth[0], growth[1]), target: `<= peer + ${CPU_NOISE_MS_PER_MIN} ms/min`, met: growth[0] <= growth[1] + CPU_NOISE_MS_PER_MIN },
      { measure: 'largest event-loop delay while idle (peer: stock in-memory brain)', ours: oursLoop.maxMs, peer: stockLoop.maxMs, unit: 'ms', ratio: ratioOf(oursLoop.maxMs, stockLoop.maxMs), target: `<= peer + ${LOOP_NOISE_MS} ms`, met: oursLoop.maxMs <= stockLoop.maxMs + LOOP_NOISE_MS },
      { measure: 'bytes written per idle minute', ours: perMinute(oursIdle.written), peer: null, unit: 'B/min', ratio: null, target: '0', met: oursIdle.written === 0 },
      { measure: 'bytes written per user change (median; the whole file, atomically)', ours: perChange, peer: null, unit: 'B', ratio: null, target: null, met: null }
    ]
    return {
      name: 'file',
      rows,
      data: { plan, idle: { ours: oursIdle, stock: stockIdle, ours_no_users: oursEmptyIdle, stock_no_users: stockEmptyIdle }, idle_windows_cpu_ms: windows.map(w => w.map(side => side.cpuMs)), loop: { ours: oursLoop, stock: stockLoop }, changes },
      notes: [
        `${plan.users} users, idle ${plan.idleMs / 1000} s (scaled to a minute) in ${IDLE_WINDOWS} windows, the median window's CPU counted; loop-delay window ${plan.loopMs / 1000} s, ${plan.changes} changes`,
        'ours: createBot with createPersistence (no REDIS_URL: the file brain and the file store), no scripts; peer: stock hubot 14 Robot, in-memory brain (saves nothing), no scripts: hubot 14 has no file brain',
        'bytes written: what the brain and store hand to the atomic file writer (createPersistence\'s write option), counted in the bot process',
        'CPU in both processes includes tsx (the children run TypeScript through it; its esbuild service pings once a second)',
        'a change: userForId(id).roles gains one role, then saveBrainNow (what a role grant waits for)'
      ]
    }
  } finally {
    await Promise.all(sides.map(s => s.stop()))
    await rm(dir, { recursive: true, force: true })
  }
}
