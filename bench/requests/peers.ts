// What the peers request for each chat command, read from their code (they cannot run
// here: CoffeeScript on hubot 2, against api.pagerduty.com / zendesk.com / api.github.com),
// with the file and line of each request. Line numbers are those of the commit named.
// Default page sizes when no limit is sent: PagerDuty REST v2 25, Zendesk search 100,
// GitHub REST 30. None of the three peers asks for a second page.

export interface PeerFigure {
  /** The peer's name and the command as it spells it. */
  peer: string
  /** HTTP requests for one command with `size` objects at the vendor; null: the peer has no such command. */
  requests: (size: number) => number | null
  /** What the peer's answer covers at `size` objects, in words. */
  shows: (size: number) => string
  /** repo, file@commit:line — what is requested there. */
  cite: string[]
}

const PAGER_ME = 'hubot-archive/hubot-pager-me'
const PD_SCRIPT = `${PAGER_ME} src/scripts/pagerduty.coffee@b295a2b`
const PD_LIB = `${PAGER_ME} src/pagerduty.coffee@2d35f9a`
const PD_JS = `${PAGER_ME} src/pagerduty.js@c5f00d0`
const ZENDESK = 'github/hubot-scripts src/scripts/zendesk.coffee@461d9a2'
const PULLS = 'github/hubot-scripts src/scripts/github-pulls.coffee@40ea758'
const GITHUBOT = 'iangreenleaf/githubot src/githubot.coffee@07b1bf5'

const getIncidents = `${PD_LIB}:121-126 getIncidents: one GET /incidents (sort_by, statuses[]), no limit/offset, so PagerDuty's default page of 25 and never a second (the JS port, ${PD_JS} getIncidents, is the same)`
const getUsers = `${PD_SCRIPT}:696-722 campfireUserToPagerDutyUser: one GET /users?query=<email> per call`
const firstPage = (size: number, page: number): string => size <= page ? `all ${size}` : `the first ${page} of ${size}`

export const PEERS: Record<string, PeerFigure> = {
  'pager incidents': {
    peer: 'hubot-pager-me: pager incidents',
    requests: () => 1,
    shows: size => firstPage(size, 25),
    cite: [`${PD_SCRIPT}:90-91 the listener calls getIncidents('triggered,acknowledged') once`, getIncidents]
  },
  "who's on call": {
    peer: "hubot-pager-me: who's on call",
    // One schedules page, then one /schedules/{id}/users per schedule on it.
    requests: size => 1 + Math.min(size, 25),
    shows: size => firstPage(size, 25),
    cite: [
      `${PD_SCRIPT}:604,627 without a schedule name: getSchedules, then async.map renderSchedule over the schedules`,
      `${PD_LIB}:132-137 getSchedules: one GET /schedules, no limit/offset (25 at most)`,
      `${PD_SCRIPT}:798-813 withCurrentOncallUser: one GET /schedules/{id}/users per schedule`
    ]
  },
  'pager ack (mine)': {
    peer: 'hubot-pager-me: pager ack',
    requests: () => 5,
    shows: size => `acks mine among ${firstPage(size, 25)}`,
    cite: [
      `${PD_SCRIPT}:208-214 getIncidents, then campfireUserToPagerDutyUser`,
      getUsers,
      `${PD_SCRIPT}:844-873 updateIncidents: campfireUserToPagerDutyUser again (GET /users), getIncidents again (GET /incidents), one PUT /incidents`,
      getIncidents
    ]
  },
  'pager ack <number>': {
    peer: 'hubot-pager-me: pager ack <n>',
    // The last incident is past the first page above 25: "Couldn't find incident(s)", no PUT.
    requests: size => size <= 25 ? 3 : 2,
    shows: size => size <= 25 ? 'acks it' : `fails: #${size} is not on the first page of 25`,
    cite: [`${PD_SCRIPT}:197-206 parseIncidentNumbers, updateIncidents`, `${PD_SCRIPT}:844-873 updateIncidents: GET /users, GET /incidents, PUT /incidents only when the number was on that page`, getIncidents]
  },
  'zendesk tickets': {
    peer: 'zendesk.coffee: tickets',
    requests: () => 1,
    shows: () => 'the count (results.count of a search that also sends the first 100 tickets)',
    cite: [`${ZENDESK}:62-63 one zendesk_request of search.json?query=status<solved+type:ticket`, `${ZENDESK}:36-44 zendesk_request: one GET`]
  },
  'zendesk on hold tickets': {
    peer: 'zendesk.coffee: (no such command)',
    requests: () => null,
    shows: () => 'no command',
    cite: [`${ZENDESK}:62-113 listeners for (all) / pending / new / escalated / open tickets, their lists, and ticket <id>; none for on-hold`]
  },
  'zendesk list tickets': {
    peer: 'zendesk.coffee: list tickets',
    requests: () => 1,
    shows: size => `${firstPage(size, 100)}, one chat message each`,
    cite: [`${ZENDESK}:88-91 one zendesk_request of search.json (no per_page, no page: Zendesk's 100), msg.send per result`]
  },
  'zendesk ticket <id>': {
    peer: 'zendesk.coffee: ticket <id>',
    requests: () => 1,
    shows: () => 'the ticket',
    cite: [`${ZENDESK}:113-115 one zendesk_request of tickets/<id>.json`]
  },
  'repo pulls': {
    peer: 'github-pulls.coffee: show me <repo> pulls',
    requests: () => 1,
    shows: size => `${firstPage(size, 30)}, called the total`,
    cite: [`${PULLS}:34-38 one github.get of /repos/<repo>/pulls (no per_page: GitHub's 30)`, `${GITHUBOT}:70-75 get: one request, no Link-header paging`]
  },
  'org pulls': {
    peer: 'github-pulls.coffee: show me org-pulls',
    requests: () => 1,
    shows: size => `${firstPage(size, 30)} issues and pull requests of the org, pulls kept`,
    cite: [`${PULLS}:60-69 one github.get of /orgs/<org>/issues?filter=all (no per_page: 30; issues count against the 30, and at :75 a plain issue, which has no pull_request field in today's API, throws)`, `${GITHUBOT}:70-75 get: one request, no Link-header paging`]
  }
}
