// Work that arrives together is let through one piece per event-loop turn, in arrival
// order. A burst (hundreds of chat lines handed over in one go, or their vendor answers
// landing in one poll) would otherwise run back to back in one long task, with timers,
// health checks and other I/O kept waiting. Work that arrives alone goes on at once.

/** Returns true when the caller may go on at once, else a promise of its turn. */
export type Turn = () => true | Promise<true>

/**
 * together: 'tick' when pieces handed over in one synchronous run are a burst (chat lines:
 * two robots racing in one process must still interleave), 'turn' when pieces landing in
 * one event-loop turn are (answers: each arrives in its own I/O callback of one poll).
 */
export function createTurns (together: 'tick' | 'turn'): Turn {
  const waiting: Array<(go: true) => void> = []
  // Something went on at once in the current tick or turn: what follows in it waits.
  let admitted = false
  let draining = false
  const reopen = (): void => { admitted = false }
  const next = (): void => {
    waiting.shift()?.(true)
    draining = waiting.length > 0
    // Scheduled from the check phase: timers and I/O run before the next piece.
    if (draining) setImmediate(next)
  }
  // Not an async function: work let through at once goes on without a promise of its own.
  return () => {
    if (!admitted && waiting.length === 0) {
      admitted = true
      if (together === 'tick') queueMicrotask(reopen)
      else setImmediate(reopen)
      return true
    }
    const mine = new Promise<true>(resolve => { waiting.push(resolve) })
    if (!draining) { draining = true; setImmediate(next) }
    return mine
  }
}
