// Saving retries every second while a disk or Redis is away; the log should say so once
// per kind of failure (and once when it recovers), not on every tick.
import type { Logger } from '../core/log.ts'

export class FailureLog {
  private last = ''

  constructor (private readonly message: string) {}

  failed (log: Logger | undefined, err: unknown, fields: Record<string, unknown> = {}): void {
    const kind = failureKind(err)
    if (kind !== this.last) log?.error({ ...fields, err }, this.message)
    this.last = kind
  }

  succeeded (log: Logger | undefined): void {
    if (this.last !== '') log?.info('brain saving works again')
    this.last = ''
  }
}

// Errors of one kind differ in detail (a temp file name, an address); compare the kind.
function failureKind (err: unknown): string {
  const e = err as NodeJS.ErrnoException | undefined
  return e?.code != null ? `${e.code}:${e.syscall ?? ''}` : String(e?.message ?? err)
}
