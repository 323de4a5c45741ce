// A brain that is kept only in memory: for tests that do not test persistence.
import type { BrainPersistence } from './types.ts'

export class MemoryBrain implements BrainPersistence {
  async attach (): Promise<void> {}
  async flush (): Promise<void> {}
  async ping (): Promise<void> {}
  async close (): Promise<void> {}
}
