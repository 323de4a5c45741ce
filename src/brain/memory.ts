// A brain that is kept only in memory: for tests that do not test persistence.
import type { Robot } from 'hubot'
import type { BrainPersistence } from './types.ts'
import { registerBrainPersistence } from './durable.ts'

export class MemoryBrain implements BrainPersistence {
  async attach (robot: Robot): Promise<void> { registerBrainPersistence(robot, this) }
  // Memory is all there is: a change is as durable as it will get once made.
  async saveNow (): Promise<void> {}
  async flush (): Promise<void> {}
  async ping (): Promise<void> {}
  async close (): Promise<void> {}
}
