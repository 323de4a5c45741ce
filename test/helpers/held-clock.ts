// A clock whose sleeps wait until the test moves time on (ManualClock's sleeps move time
// themselves and return at once). For code that gathers what arrives during a wait, such
// as the push coalescer: the test sends a burst while the wait is held, then advances.
import type { Clock } from '../../src/core/clock.ts'

export class HeldClock implements Clock {
  private sleepers: Array<{ due: number, wake: () => void }> = []
  /** Every sleep asked for, in order (as ManualClock records them). */
  readonly sleeps: number[] = []
  constructor (public ms = Date.parse('2026-11-25T12:00:00Z')) {}

  now (): number { return this.ms }

  async sleep (ms: number): Promise<void> {
    this.sleeps.push(ms)
    await new Promise<void>(resolve => { this.sleepers.push({ due: this.ms + ms, wake: resolve }) })
  }

  /** How many sleeps are waiting. */
  get waiting (): number { return this.sleepers.length }

  /** Moves time on by `ms`, waking each sleep that falls due (and any it starts meanwhile) in order. */
  async advance (ms: number): Promise<void> {
    const end = this.ms + ms
    for (;;) {
      this.sleepers.sort((a, b) => a.due - b.due)
      const next = this.sleepers[0]
      if (next == null || next.due > end) break
      this.sleepers.shift()
      this.ms = Math.max(this.ms, next.due)
      next.wake()
      // Let the woken code run (and perhaps sleep again) before the next one.
      for (let i = 0; i < 5; i++) await new Promise(resolve => setImmediate(resolve))
    }
    this.ms = end
  }
}
