// The shared store: the one small interface for state that must be atomic across bot
// processes (approvals, locks, webhook dedupe, audit, history). Values are JSON.
// Implementations: file (embedded default), Redis (REDIS_URL), memory (tests only).

export interface WriteOptions {
  /** Expire the key after this many milliseconds. Omit for no expiry. */
  ttlMs?: number
}

/** A claim decided: `durable` settles once it is saved (at once where deciding it saved it). */
export interface Claim { won: boolean, durable: Promise<void> }

export interface SharedStore {
  get<T = unknown> (key: string): Promise<T | null>
  set (key: string, value: unknown, options?: WriteOptions): Promise<void>
  /** Writes only if the key is absent (or expired). True when this caller wrote it. */
  setIfAbsent (key: string, value: unknown, options?: WriteOptions): Promise<boolean>
  /**
   * setIfAbsent answered as soon as it is decided, for a caller that may answer before the
   * claim is on disk but must not act on it before (a webhook's 202, then its work).
   */
  claim (key: string, value: unknown, options?: WriteOptions): Promise<Claim>
  /**
   * Writes `next` only if the current value equals `expected` (compared as JSON; null means
   * absent). True when this caller won. The building block for exactly-once claims.
   */
  compareAndSet (key: string, expected: unknown, next: unknown, options?: WriteOptions): Promise<boolean>
  delete (key: string): Promise<boolean>
  /** Keys (live, not expired) starting with prefix. For small families such as pending approvals. */
  keys (prefix: string): Promise<string[]>
  /** Appends to a list and trims it to the newest `cap` entries. */
  append (key: string, value: unknown, cap: number): Promise<void>
  /** The newest `count` entries of a list, oldest first. */
  tail<T = unknown> (key: string, count: number): Promise<T[]>
  /** Resolves when the backend answers; rejects when it does not. */
  ping (): Promise<void>
  close (): Promise<void>
}
