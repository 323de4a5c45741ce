// Brain persistence: loads robot.brain before any script runs and keeps it saved.
// Implementations: file (embedded default) and Redis (REDIS_URL); memory for tests.
import type { Robot } from 'hubot'

export interface BrainPersistence {
  /** Loads the saved brain into robot.brain, then starts saving its changes. */
  attach (robot: Robot): Promise<void>
  /**
   * Writes the brain as it is now and resolves once that is durable (the file fsynced and
   * renamed, or Redis acknowledged it); rejects when the write failed. A change the bot
   * confirms in chat waits for this first: robot.brain.save() only logs a failure.
   */
  saveNow (): Promise<void>
  /** Writes whatever changed and has not been written yet; rejects when that fails. */
  flush (): Promise<void>
  /** Resolves when the backend answers; rejects when it does not. */
  ping (): Promise<void>
  close (): Promise<void>
}
