// Which persistence keeps a robot's brain. Scripts only hold the robot, and
// robot.brain.save() neither waits for the write nor reports a failure: a change about to
// be confirmed in chat asks the persistence itself, through here, to make it durable.
import type { Robot } from 'hubot'
import type { BrainPersistence } from './types.ts'

const persistences = new WeakMap<Robot, BrainPersistence>()

/** Called by each persistence's attach(). */
export function registerBrainPersistence (robot: Robot, persistence: BrainPersistence): void {
  persistences.set(robot, persistence)
}

/** Resolves once robot.brain as it is now is durable; rejects when it could not be saved. */
export async function saveBrainNow (robot: Robot): Promise<void> {
  const persistence = persistences.get(robot)
  // Without one nothing is durable: saying so beats confirming a change that is not.
  if (persistence == null) throw new Error('no brain persistence is attached to this robot')
  await persistence.saveNow()
}
