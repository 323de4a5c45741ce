// Counts work in flight (a message's listeners, a deploy's final report) so the terminal
// adapter can take the next line only when the previous one is finished, and shutdown
// can wait for running listeners, bounded.
export class WorkTracker {
  private running = new Set<Promise<unknown>>()
  private accepting = true

  get size (): number { return this.running.size }
  get isAccepting (): boolean { return this.accepting }

  /**
   * Marks shutdown: adapters check isAccepting and take no new messages. Work that running
   * listeners start from now on (a deploy's final report) is still tracked and waited for.
   */
  stopAccepting (): void { this.accepting = false }

  track<T> (work: Promise<T>): Promise<T> {
    const p = work.finally(() => { this.running.delete(p) })
    this.running.add(p)
    return p
  }

  /** Resolves when nothing is running, including work started while waiting. */
  idle (): Promise<void> {
    // Nothing running is the common case (checked after every chat line): no async frame for it.
    if (this.running.size === 0) return Promise.resolve()
    // One wait shared by every caller: with hundreds of lines in flight, each waiting over
    // all of them on its own was quadratic.
    return (this.idling ??= this.whenAllSettled())
  }

  private idling: Promise<void> | null = null

  private async whenAllSettled (): Promise<void> {
    while (this.running.size > 0) {
      await Promise.allSettled([...this.running])
    }
    // In the same moment as the check above: a caller from now on waits anew.
    this.idling = null
  }

  /** idle(), or false once timeoutMs has passed. */
  async idleWithin (timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<false>(resolve => { timer = setTimeout(() => resolve(false), timeoutMs) })
    const done = this.idle().then(() => true as const)
    try {
      return await Promise.race([done, timeout])
    } finally {
      clearTimeout(timer)
    }
  }
}
