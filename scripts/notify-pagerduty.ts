// Description:
//   Announces PagerDuty incidents (v3 webhooks) in a room: triggered, acknowledged, resolved, escalated and reassigned, each with its number, title, service, assignees and link.
//
// Configuration:
//   HUBOT_PAGERDUTY_WEBHOOK_SECRET - the signing secret of a v3 webhook subscription (PagerDuty > Integrations > Generic Webhooks (v3); URL https://<bot>/hubot/pagerduty)
//   HUBOT_PAGERDUTY_ROOM - where to announce, e.g. #incidents
//
// Commands:
//   None
//

import type { Robot } from 'hubot'
import { roomResolver } from '../src/adapters/rooms.ts'
import { announcer } from '../src/http/webhooks/announce.ts'
import { pagerDutyWebhook } from '../src/http/webhooks/pagerduty.ts'
import { receiveWebhooks } from '../src/http/webhooks/receiver.ts'

export default (robot: Robot): void => {
  receiveWebhooks(robot, pagerDutyWebhook(robot, announcer(robot, async (room) => await roomResolver(robot)(room))))
}
