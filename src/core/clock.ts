// All time the bot reads or waits for goes through one Clock: TTLs and expiries (now),
// Slack's per-channel spacing, rate-limit and start-up retry waits (sleep). The bot has
// one, in its context (createBot's `clock`); tests pass a manual clock, so no test waits
// real seconds and each can assert the waits the code chose.

export interface Clock {
  /** Milliseconds since the epoch, as Date.now(). */
  now (): number
  /** Resolves after `ms` milliseconds of this clock's time. */
  sleep (ms: number): Promise<void>
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: async (ms) => { await new Promise(resolve => setTimeout(resolve, ms)) }
}
