// Description:
//   Zendesk from chat: ticket counts, lists and details, one request each. A list is one
//   message, most recently updated first, with a link to the rest.
//
// Configuration:
//   HUBOT_ZENDESK_SUBDOMAIN - your account's subdomain (acme for acme.zendesk.com)
//   HUBOT_ZENDESK_URL - or the full API base including /api/v2 (proxies, tests)
//   HUBOT_ZENDESK_EMAIL - the agent's email, with HUBOT_ZENDESK_TOKEN
//   HUBOT_ZENDESK_TOKEN - an API token (Admin Center > Apps and integrations > Zendesk API)
//   HUBOT_ZENDESK_OAUTH_TOKEN - or an OAuth access token (Bearer) instead of email and API token
//   HUBOT_ZENDESK_TIMEOUT - request timeout, default 10s
//   HUBOT_ZENDESK_LIST_LIMIT - tickets a list shows, default 10 (at most 25)
//
// Commands:
//   hubot [zendesk|zd] [all] tickets - how many unsolved tickets there are (new, open, pending, on hold)
//   hubot [zendesk|zd] new tickets - how many new tickets there are
//   hubot [zendesk|zd] open tickets - how many open tickets there are
//   hubot [zendesk|zd] pending tickets - how many pending tickets there are
//   hubot [zendesk|zd] on hold tickets - how many tickets are on hold
//   hubot [zendesk|zd] escalated tickets - how many unsolved tickets are tagged escalated
//   hubot [zendesk|zd] list [all] tickets - the unsolved tickets, most recently updated first
//   hubot [zendesk|zd] list new tickets - the new tickets
//   hubot [zendesk|zd] list open tickets - the open tickets
//   hubot [zendesk|zd] list pending tickets - the pending tickets
//   hubot [zendesk|zd] list on hold tickets - the tickets on hold
//   hubot [zendesk|zd] list escalated tickets - the unsolved tickets tagged escalated
//   hubot [zendesk|zd] ticket <id> - one ticket: subject, status, priority, people, tags, times and link
//

import type { Robot } from 'hubot'
import { countTickets, listTickets, selectionOf, showTicket, ticketIdArg, zendeskFor } from '../src/services/zendesk/index.ts'

// Every command may start with "zendesk" or "zd". Respond only: hubot-zendesk's
// `on hold tickets` was a hear listener and answered any chat line that mentioned it.
const PREFIX = '(?:(?:zendesk|zd)\\s+)?'
const WHICH = '(?:(all|new|open|pending|on[ -]?hold|escalated)\\s+)?'

export default (robot: Robot): void => {
  // The Zendesk context first (an unconfigured bot says so), then one reply.
  robot.respond(new RegExp(`${PREFIX}${WHICH}tickets$`, 'i'), { id: 'zendesk.count' }, async (res) => {
    const zd = zendeskFor(robot)
    await res.send(await countTickets(zd, selectionOf(res.match[1])))
  })

  robot.respond(new RegExp(`${PREFIX}list\\s+${WHICH}tickets$`, 'i'), { id: 'zendesk.list' }, async (res) => {
    const zd = zendeskFor(robot)
    await res.send(await listTickets(zd, selectionOf(res.match[1])))
  })

  // The id is optional in the regex so a missing or malformed one gets the usage line.
  robot.respond(new RegExp(`${PREFIX}ticket(?:\\s+(.*))?$`, 'i'), { id: 'zendesk.ticket' }, async (res) => {
    const zd = zendeskFor(robot)
    const id = ticketIdArg(res.match[1])
    await res.send(await showTicket(zd, id))
  })
}
