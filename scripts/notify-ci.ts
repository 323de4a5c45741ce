// Description:
//   Announces builds from any CI server (Bamboo, Jenkins, GitLab) in rooms: passed, failed (with the failing jobs), started, cancelled. The CI posts a small JSON body with one curl step (README: Webhooks and notifications).
//
// Configuration:
//   HUBOT_CI_WEBHOOK_TOKEN - the bearer token the CI sends (at least 16 characters, e.g. openssl rand -hex 32)
//   HUBOT_CI_ROOMS - JSON: pipeline name or glob to room, e.g. {"api-*": "#api", "*": "#builds"}
//
// Commands:
//   None
//

import type { Robot } from 'hubot'
import { roomResolver } from '../src/adapters/rooms.ts'
import { announcer } from '../src/http/webhooks/announce.ts'
import { ciWebhook } from '../src/http/webhooks/ci.ts'
import { receiveWebhooks } from '../src/http/webhooks/receiver.ts'

export default (robot: Robot): void => {
  receiveWebhooks(robot, ciWebhook(robot, announcer(robot, async (room) => await roomResolver(robot)(room))))
}
