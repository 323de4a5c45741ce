// Lines that arrive together are dispatched one per event-loop turn, in arrival order
// (core/turns.ts). A chat adapter can hand over hundreds of lines in one go (a
// reconnect's backlog, a burst of the same command); each runs its middleware, listener
// matching and command synchronously up to its first real wait (a vendor request), so
// all of them together held the loop for hundreds of ms. A line that arrives alone goes
// on at once, as before.
import hubot, { type Message, type ReceiveContext, type Robot } from 'hubot'
import { createTurns } from '../core/turns.ts'

// Exported by hubot at run time, missing from its type declarations.
const { CatchAllMessage } = hubot as unknown as { CatchAllMessage: new (message: Message) => Message }

export function installReceiveTurns (robot: Robot): void {
  // One queue per robot: two robots in one process (tests) do not wait for each other.
  const turn = createTurns('tick')
  robot.receiveMiddleware((context: ReceiveContext) =>
    // The catch-all's second pass belongs to a line already let through.
    context.response.message instanceof CatchAllMessage ? true : turn())
}
