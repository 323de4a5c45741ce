// Where a configured room name goes, per adapter: on Slack, channel names become channel
// ids (slack/rooms.ts); elsewhere (the terminal, tests, other adapters) names are used as
// written. One resolver per robot, so Slack's channel list is fetched once.
import type { Robot } from 'hubot'
import { botContext } from '../core/context.ts'
import type { ChannelLister } from './slack/rooms.ts'

const resolvers = new WeakMap<Robot, (room: string) => Promise<string>>()

export function roomResolver (robot: Robot): (room: string) => Promise<string> {
  const known = resolvers.get(robot)
  if (known != null) return known
  // Read when first used: the adapter exists by then (createBot loads it before scripts).
  const web = robot.adapter as unknown as { name?: string, client?: { web?: ChannelLister } } | undefined
  let resolve: (room: string) => Promise<string>
  if (web?.name === 'slack' && web.client?.web?.conversations != null) {
    const { log, clock } = botContext(robot)
    const lister = web.client.web
    // Loaded here, not with this module: only a Slack start needs Slack's client library.
    const rooms = import('./slack/rooms.ts').then(({ SlackRooms }) => new SlackRooms(lister, log.child({ adapter: 'slack' }), clock))
    resolve = async (room) => await (await rooms).resolve(room)
  } else {
    resolve = async (room) => await Promise.resolve(room) // names as written
  }
  resolvers.set(robot, resolve)
  return resolve
}
