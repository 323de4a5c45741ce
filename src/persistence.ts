// Chooses the brain and store backends from config.
// TEMPORARY until the file and Redis backends land (issue 3): memory only.
import type { Config } from './config.ts'
import type { Logger } from './log.ts'
import type { BrainPersistence } from './brain/types.ts'
import type { SharedStore } from './store/types.ts'
import { MemoryBrain } from './brain/memory.ts'
import { MemoryStore } from './store/memory.ts'

export async function createPersistence (_config: Config, _log: Logger): Promise<{ brain: BrainPersistence, store: SharedStore }> {
  return { brain: new MemoryBrain(), store: new MemoryStore() }
}
