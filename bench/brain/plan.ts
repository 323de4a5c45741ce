// How long the brain sections watch each side: a minute idle for the table, a short run
// (scaled to a minute) for --quick. The loop-delay window spans several of hubot's 5 s
// saves; the settling wait lets start-up's garbage collection and compilation finish:
// V8's memory reducer compacts the heap left by start-up and seeding some 8 to 17 s after
// it (seen with --trace-gc), a one-off that is no idle cost and, in a window, decides it.
export interface BrainPlan { users: number, settleMs: number, idleMs: number, loopMs: number, changes: number }

export function brainPlan (quick: boolean): BrainPlan {
  return quick
    ? { users: 10_000, settleMs: 10_000, idleMs: 12_000, loopMs: 11_000, changes: 5 }
    : { users: 10_000, settleMs: 20_000, idleMs: 60_000, loopMs: 30_000, changes: 15 }
}
