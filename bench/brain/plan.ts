// How long the brain sections watch each side: a minute idle for the table, a short run
// (scaled to a minute) for --quick. The loop-delay window spans several of hubot's 5 s
// saves; the settling wait lets start-up's garbage collection and compilation finish.
export interface BrainPlan { users: number, settleMs: number, idleMs: number, loopMs: number, changes: number }

export function brainPlan (quick: boolean): BrainPlan {
  return quick
    ? { users: 10_000, settleMs: 3000, idleMs: 12_000, loopMs: 11_000, changes: 5 }
    : { users: 10_000, settleMs: 5000, idleMs: 60_000, loopMs: 30_000, changes: 15 }
}
