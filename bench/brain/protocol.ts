// What the brain benchmark's parent (driver.ts) and each side's process (side.ts) say.

export type Request =
  | { cmd: 'idle', ms: number }
  | { cmd: 'loop', ms: number }
  | { cmd: 'change', n: number }
  | { cmd: 'arrival', n: number, timeoutMs: number }
  | { cmd: 'stop' }

export type Reply =
  | { kind: 'ready', users: number, hubotRedisBrain: string | null }
  /** CPU used over an idle window, and the bytes the file brain and store wrote meanwhile. */
  | { kind: 'idle', cpuMs: number, written: number }
  /** The event loop's delay over a window (monitorEventLoopDelay, 10 ms resolution). */
  | { kind: 'loop', maxMs: number, p99Ms: number }
  /** A user changed at `at` (epoch ms) and saved `savedMs` later; file bytes written for it. */
  | { kind: 'changed', at: number, savedMs: number, written: number }
  /** When the reader saw the change (epoch ms); null: not within the timeout. */
  | { kind: 'arrived', at: number | null }
  | { kind: 'stopped' }
  | { kind: 'error', message: string }
