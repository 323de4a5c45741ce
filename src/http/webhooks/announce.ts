// Says a webhook's sentence in a configured room: the room resolved for the adapter (a
// Slack #name becomes its channel id) and posted with robot.messageRoom, which goes through
// the adapter's send (on Slack, the per-channel outbox and its rate).
import type { Robot } from 'hubot'
import type { ResolveRoom } from './rooms.ts'

export type Say = (room: string, text: string) => Promise<void>

export function announcer (robot: Robot, resolve: ResolveRoom): Say {
  return async (room, text) => {
    const target = await resolve(room)
    await robot.messageRoom(target, text)
  }
}
