// Description:
//   Announces GitHub webhook deliveries in rooms: pushes (coalesced per repository, at most one message per 10 s), pull requests opened, closed, merged, reopened, ready for review and review requested, reviews, pull request comments, CI runs passed or failed (with the failing jobs), releases published.
//
// Configuration:
//   HUBOT_GITHUB_WEBHOOK_SECRET - the webhook's secret (GitHub > repository or organization Settings > Webhooks; payload URL https://<bot>/hubot/github)
//   HUBOT_GITHUB_ROOMS - JSON: repository or glob to room, e.g. {"acme/api": "#api", "acme/*": "#dev", "*": "#github"}
//   HUBOT_GITHUB_EVENTS - comma list of event[:action] to announce (default: all of the above)
//
// Commands:
//   None
//

import type { Robot } from 'hubot'
import { roomResolver } from '../src/adapters/rooms.ts'
import { announcer } from '../src/http/webhooks/announce.ts'
import { githubWebhook } from '../src/http/webhooks/github.ts'
import { receiveWebhooks } from '../src/http/webhooks/receiver.ts'

export default (robot: Robot): void => {
  receiveWebhooks(robot, githubWebhook(robot, announcer(robot, async (room) => await roomResolver(robot)(room))))
}
