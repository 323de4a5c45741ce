// Our side of the request count: each chat command said once to a fresh robot (nothing
// cached yet) whose vendor script points at a fresh local fake holding `size` objects;
// the figure is the number of requests the fake logged.
import { ManualClock, startTestBot, type TestBot } from '../../test/helpers/bot.ts'
import { startFakePagerDuty } from '../../test/fakes/pagerduty/fake-pagerduty.ts'
import { addIncidents, type PagerDutyState } from '../../test/fakes/pagerduty/state.ts'
import { startFakeZendesk } from '../../test/fakes/zendesk/fake-zendesk.ts'
import { addTickets, type ZendeskState } from '../../test/fakes/zendesk/state.ts'
import { startFakeGitHub } from '../../test/fakes/github/fake-github.ts'
import { addPulls, type GitHubState } from '../../test/fakes/github/state.ts'
import { tuneGitHub } from '../../src/services/github/index.ts'

type Vendor = 'pagerduty' | 'zendesk' | 'github'
interface States { pagerduty: PagerDutyState, zendesk: ZendeskState, github: GitHubState }

export interface Case<V extends Vendor> {
  /** The command, as PEERS (peers.ts) names it. */
  name: string
  vendor: V
  /** What `size` counts. */
  objects: string
  /** What is said (as alice); `size` for commands that name the last object. */
  text: (size: number) => string
  /** Puts exactly `size` objects of the kind at the fake. */
  seed: (state: States[V], size: number, nowMs: number) => void
  /** The reply answers the command (not an error), so the count is of a real answer. */
  answered: (reply: string, size: number) => boolean
}

const ZENDESK_CREDENTIALS = { email: 'bot@example.com', apiToken: 'zd-bench-token' }
const GITHUB_TOKEN = 'ghp_benchTokenForTheFakeOnly000000000000'
const HOUR = 3_600_000
const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z')

/** `size` triggered incidents numbered 1..size, all assigned to alice (the seed's first incident is hers). */
function incidents (state: PagerDutyState, size: number): void {
  state.incidents = []
  addIncidents(state, size, 1, 'triggered')
}

/**
 * `size` schedules, each with one shift covering now, in its own escalation policy: what
 * /oncalls?earliest=true keeps one entry of per policy, level and user.
 */
function schedules (state: PagerDutyState, size: number, nowMs: number): void {
  const [schedule, shift] = [state.schedules[0], state.oncalls[0]]
  const [shiftSchedule, shiftPolicy] = [shift.schedule, shift.escalation_policy] as Array<Record<string, unknown>>
  state.schedules = []
  state.oncalls = []
  for (let n = 1; n <= size; n++) {
    const id = `PSB${String(n).padStart(4, '0')}`
    const policy = `PEB${String(n).padStart(4, '0')}`
    const name = `Bench Schedule ${n}`
    const urls = (kind: string, of: string): Record<string, string> => ({ html_url: `https://acme.pagerduty.com/${kind}/${of}`, self: `https://api.pagerduty.com/${kind}/${of}` })
    state.schedules.push({ ...structuredClone(schedule), id, name, summary: name, ...urls('schedules', id) })
    state.oncalls.push({
      ...structuredClone(shift),
      schedule: { ...shiftSchedule, id, summary: name, ...urls('schedules', id) },
      escalation_policy: { ...shiftPolicy, id: policy, summary: `Bench Policy ${n}`, ...urls('escalation_policies', policy) },
      start: iso(nowMs - HOUR),
      end: iso(nowMs + HOUR)
    })
  }
}

const tickets = (state: ZendeskState, size: number, fields: Record<string, unknown> = { status: 'open' }): void => {
  state.tickets = []
  addTickets(state, size, 1, fields)
}

function pulls (state: GitHubState, size: number, repos: string[]): void {
  state.items = []
  // Round-robin, so an org's pulls are spread over its repositories.
  repos.forEach((repo, i) => addPulls(state, repo, Math.floor(size / repos.length) + (i < size % repos.length ? 1 : 0)))
}

/** A case of any vendor (its seed takes that vendor's state). */
export type AnyCase = { [V in Vendor]: Case<V> }[Vendor]

/** The reply names all `n`: lines mentioning `item`, plus the "and N more" it ends with. */
function coversAll (reply: string, n: number, item: string): boolean {
  const shown = reply.split('\n').filter(line => line.includes(item)).length
  const more = /and (\d+) more/.exec(reply)
  return shown + (more == null ? 0 : Number(more[1])) === n
}

export const CASES: AnyCase[] = [
  { name: 'pager incidents', vendor: 'pagerduty', objects: 'open incidents', text: () => 'hubot pager incidents', seed: incidents, answered: (r, n) => r.includes(`${n} open incident`) },
  { name: "who's on call", vendor: 'pagerduty', objects: 'schedules on call', text: () => "hubot who's on call", seed: schedules, answered: (r, n) => coversAll(r, n, 'Bench Schedule') },
  { name: 'pager ack (mine)', vendor: 'pagerduty', objects: 'triggered incidents of mine', text: () => 'hubot pager ack', seed: incidents, answered: (r, n) => r.includes(`Acknowledged ${n} incident`) },
  { name: 'pager ack <number>', vendor: 'pagerduty', objects: 'open incidents (the last acked)', text: n => `hubot pager ack ${n}`, seed: incidents, answered: r => r.includes('Acknowledged 1 incident') },
  { name: 'zendesk tickets', vendor: 'zendesk', objects: 'unsolved tickets', text: () => 'hubot zendesk tickets', seed: (s, n) => { tickets(s, n) }, answered: (r, n) => r.startsWith(`${n} unsolved tickets`) },
  { name: 'zendesk on hold tickets', vendor: 'zendesk', objects: 'tickets on hold', text: () => 'hubot zendesk on hold tickets', seed: (s, n) => { tickets(s, n, { status: 'hold' }) }, answered: (r, n) => r.startsWith(`${n} tickets on hold`) },
  { name: 'zendesk list tickets', vendor: 'zendesk', objects: 'unsolved tickets', text: () => 'hubot zendesk list tickets', seed: (s, n) => { tickets(s, n) }, answered: (r, n) => r.startsWith(`${n} unsolved tickets`) && r.includes(`#${n} Generated ticket`) },
  { name: 'zendesk ticket <id>', vendor: 'zendesk', objects: 'tickets (the last shown)', text: n => `hubot zendesk ticket ${n}`, seed: (s, n) => { tickets(s, n) }, answered: (r, n) => r.startsWith(`#${n} Generated ticket ${n}`) },
  { name: 'repo pulls', vendor: 'github', objects: 'open pull requests in the repository', text: () => 'hubot show me acme/api pulls', seed: (s, n) => { pulls(s, n, ['acme/api']) }, answered: (r, n) => r.startsWith(`${n} open pull requests in acme/api`) },
  { name: 'org pulls', vendor: 'github', objects: 'open pull requests across the org', text: () => 'hubot show me org-pulls for acme', seed: (s, n) => { pulls(s, n, ['acme/api', 'acme/web', 'acme/infra']) }, answered: (r, n) => r.startsWith(`${n} open pull requests in acme `) }
]

export interface Count { requests: number, paths: string[], reply: string }

/** Says the case's command once with `size` objects at a fresh fake; the requests it logged. */
export async function countRequests (c: AnyCase, size: number): Promise<Count> {
  const clock = new ManualClock()
  const session = await startSession(c.vendor, clock)
  try {
    c.seed(session.state as never, size, clock.now())
    const before = session.logged().length
    const replies = await session.bot.say('alice', c.text(size))
    const reply = replies.join('\n')
    if (!c.answered(reply, size)) throw new Error(`"${c.text(size)}" with ${size} ${c.objects} did not answer as expected: ${reply.slice(0, 300)}`)
    const paths = session.logged().slice(before)
    return { requests: paths.length, paths, reply }
  } finally {
    await session.stop()
  }
}

interface Session { bot: TestBot, state: States[Vendor], logged: () => string[], stop: () => Promise<void> }
const quiet = { HUBOT_LOG_LEVEL: 'error' }

async function startSession (vendor: Vendor, clock: ManualClock): Promise<Session> {
  const now = (): number => clock.now()
  if (vendor === 'pagerduty') {
    const fake = await startFakePagerDuty({ now, spec: null })
    const bot = await startTestBot({
      scripts: ['pagerduty.ts'],
      clock,
      env: { ...quiet, HUBOT_PAGERDUTY_API_KEY: fake.token, HUBOT_PAGERDUTY_API_URL: fake.url, HUBOT_PAGERDUTY_SERVICE_ID: 'PSVCWEB', HUBOT_APPROVAL_RULES: '{"pagerduty.*": null}' }
    })
    bot.robot.brain.userForId('alice', { name: 'alice', email_address: 'alice@example.com' })
    return { bot, state: fake.state, logged: () => fake.requests.map(r => `${r.method} ${r.path}`), stop: async () => { await bot.stop(); await fake.close() } }
  }
  if (vendor === 'zendesk') {
    const fake = await startFakeZendesk({ credentials: ZENDESK_CREDENTIALS })
    const bot = await startTestBot({
      scripts: ['zendesk.ts'],
      clock,
      env: { ...quiet, HUBOT_ZENDESK_URL: fake.url, HUBOT_ZENDESK_EMAIL: ZENDESK_CREDENTIALS.email, HUBOT_ZENDESK_TOKEN: ZENDESK_CREDENTIALS.apiToken }
    })
    return { bot, state: fake.state, logged: () => fake.requests.map(r => `${r.method} ${r.path}`), stop: async () => { await bot.stop(); await fake.close() } }
  }
  const fake = await startFakeGitHub({ token: GITHUB_TOKEN, now, rateLimiting: false })
  const bot = await startTestBot({ scripts: ['github.ts'], clock, env: { ...quiet, HUBOT_GITHUB_TOKEN: fake.token, HUBOT_GITHUB_API: fake.url, HUBOT_GITHUB_ORG: 'acme' } })
  // Octokit's throttling spaces searches 2 s apart in real time: counts, not waits, are measured.
  tuneGitHub(bot.robot, { throttle: false, retryBaseMs: 1, maxRateLimitWaitS: 20 })
  return { bot, state: fake.state, logged: () => fake.requests.map(r => `${r.method} ${r.path}`), stop: async () => { await bot.stop(); await fake.close() } }
}
