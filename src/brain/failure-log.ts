// Saving retries every second while a disk or Redis is away; the log should say so once
// per kind of failure (and once when it recovers), not on every tick. The metric counts
// every failure, so a graph shows how long it lasted.
import type { Robot } from 'hubot'
import { countPersistenceError, type PersistenceBackend, type PersistenceOperation } from '../core/metrics.ts'

export class FailureLog {
  private last = ''

  constructor (private readonly message: string, private readonly backend: PersistenceBackend) {}

  failed (robot: Robot | null, err: unknown, operation: PersistenceOperation, fields: Record<string, unknown> = {}): void {
    countPersistenceError(robot, this.backend, operation)
    const kind = failureKind(err)
    if (kind !== this.last) robot?.logger.error({ ...fields, err }, this.message)
    this.last = kind
  }

  succeeded (robot: Robot | null): void {
    if (this.last !== '') robot?.logger.info('brain saving works again')
    this.last = ''
  }
}

// Errors of one kind differ in detail (a temp file name, an address); compare the kind.
function failureKind (err: unknown): string {
  const e = err as NodeJS.ErrnoException | undefined
  return e?.code != null ? `${e.code}:${e.syscall ?? ''}` : String(e?.message ?? err)
}
