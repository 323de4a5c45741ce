// Description:
//   Announces Zendesk tickets in a room, from a Zendesk webhook connected to two triggers: new tickets, and tickets whose priority is raised to urgent.
//
// Configuration:
//   HUBOT_ZENDESK_WEBHOOK_SECRET - the webhook's signing secret (Admin Center > Apps and integrations > Webhooks; endpoint https://<bot>/hubot/zendesk, JSON, POST)
//   HUBOT_ZENDESK_ROOM - where to announce, e.g. #support
//
// Commands:
//   None
//

import type { Robot } from 'hubot'
import { roomResolver } from '../src/adapters/rooms.ts'
import { announcer } from '../src/http/webhooks/announce.ts'
import { receiveWebhooks } from '../src/http/webhooks/receiver.ts'
import { zendeskWebhook } from '../src/http/webhooks/zendesk.ts'

export default (robot: Robot): void => {
  receiveWebhooks(robot, zendeskWebhook(robot, announcer(robot, async (room) => await roomResolver(robot)(room))))
}
