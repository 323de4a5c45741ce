// Brain persistence: loads robot.brain before any script runs and keeps it saved.
// Implementations: file (embedded default) and Redis (REDIS_URL); memory for tests.
import type { Robot } from 'hubot'

export interface BrainPersistence {
  /** Loads the saved brain into robot.brain, then starts saving its changes. */
  attach (robot: Robot): Promise<void>
  /** Writes whatever changed and has not been written yet. */
  flush (): Promise<void>
  /** Resolves when the backend answers; rejects when it does not. */
  ping (): Promise<void>
  close (): Promise<void>
}
