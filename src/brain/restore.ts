// What to do when Redis lost brain data this process had saved (a restart without
// persistence, an older snapshot, keys deleted by hand): every process holds the whole
// brain in memory, so its copy is the best record left. Absence in Redis is then not a
// deletion: nothing is dropped here, what Redis lacks or holds differently is written
// back, and what only Redis holds (another process's restore) is taken.
import { Slots } from './slots.ts'

export interface RestorePlan {
  /** What counts as saved from now on: what Redis holds, so the next save writes the rest. */
  saved: Slots
  /** Slots this process will write back. */
  restored: string[]
  /** Slots only Redis holds: put into the brain. */
  taken: Array<[string, string]>
}

export function planRestore (local: Slots, remote: Slots): RestorePlan {
  const restored = [...local].filter(([id, json]) => remote.get(id) !== json).map(([id]) => id)
  const taken = [...remote].filter(([id]) => !local.has(id))
  return { saved: new Slots(remote), restored, taken }
}
