// The webhook receivers' settings: the variables config.ts adds to its schema, and what
// readConfig makes of them. A receiver is on with its secret (or token) and its room(s);
// with only one of the two it is off, its route answers 503 naming what is missing, and
// --config-check reports it (config-services.ts): a secret alone would verify deliveries
// and announce them nowhere.
import { z } from 'zod'

/** The GitHub deliveries announced by default: every `event:action` the bot words. */
export const GITHUB_EVENTS = [
  'push',
  'pull_request:opened', 'pull_request:closed', 'pull_request:merged', 'pull_request:reopened',
  'pull_request:ready_for_review', 'pull_request:review_requested',
  'pull_request_review:submitted',
  'issue_comment:created',
  'workflow_run:completed',
  'check_suite:completed',
  'release:published'
] as const

export const webhookEnv = {
  HUBOT_GITHUB_WEBHOOK_SECRET: z.string().min(1).optional(),
  HUBOT_GITHUB_ROOMS: z.string().optional(),
  HUBOT_GITHUB_EVENTS: z.string().optional(),
  HUBOT_PAGERDUTY_WEBHOOK_SECRET: z.string().min(1).optional(),
  HUBOT_PAGERDUTY_ROOM: z.string().trim().min(1).optional(),
  HUBOT_ZENDESK_WEBHOOK_SECRET: z.string().min(1).optional(),
  HUBOT_ZENDESK_ROOM: z.string().trim().min(1).optional(),
  // A bearer token is all that stands between the internet and the room: long enough not to guess.
  HUBOT_CI_WEBHOOK_TOKEN: z.string().min(16, 'at least 16 characters (e.g. the output of openssl rand -hex 32)').optional(),
  HUBOT_CI_ROOMS: z.string().optional()
}

type WebhookEnv = { [K in keyof typeof webhookEnv]?: string }

export const WEBHOOK_HOW_TO_FIX: Record<string, string> = {
  HUBOT_GITHUB_ROOMS: 'JSON like {"acme/api": "#api", "acme/*": "#dev", "*": "#github"}',
  HUBOT_GITHUB_EVENTS: `a comma list of event[:action]: ${GITHUB_EVENTS.join(', ')}`,
  HUBOT_CI_ROOMS: 'JSON like {"api-*": "#api", "*": "#builds"}'
}

/** Glob (or exact name) -> room; keys lower-case. */
export type RoomMap = Readonly<Record<string, string>>

type Off = { enabled: false, missing: string }

export function webhooksConfig (e: WebhookEnv, problems: string[]) {
  const githubRooms = roomMap('HUBOT_GITHUB_ROOMS', e.HUBOT_GITHUB_ROOMS, problems)
  const events = githubEvents(e.HUBOT_GITHUB_EVENTS, problems)
  const ciRooms = roomMap('HUBOT_CI_ROOMS', e.HUBOT_CI_ROOMS, problems)
  return {
    github: e.HUBOT_GITHUB_WEBHOOK_SECRET != null && githubRooms != null
      ? { enabled: true as const, secret: e.HUBOT_GITHUB_WEBHOOK_SECRET, rooms: githubRooms, events }
      : off(['HUBOT_GITHUB_WEBHOOK_SECRET', e.HUBOT_GITHUB_WEBHOOK_SECRET], ['HUBOT_GITHUB_ROOMS', e.HUBOT_GITHUB_ROOMS]),
    pagerduty: e.HUBOT_PAGERDUTY_WEBHOOK_SECRET != null && e.HUBOT_PAGERDUTY_ROOM != null
      ? { enabled: true as const, secret: e.HUBOT_PAGERDUTY_WEBHOOK_SECRET, room: e.HUBOT_PAGERDUTY_ROOM }
      : off(['HUBOT_PAGERDUTY_WEBHOOK_SECRET', e.HUBOT_PAGERDUTY_WEBHOOK_SECRET], ['HUBOT_PAGERDUTY_ROOM', e.HUBOT_PAGERDUTY_ROOM]),
    zendesk: e.HUBOT_ZENDESK_WEBHOOK_SECRET != null && e.HUBOT_ZENDESK_ROOM != null
      ? { enabled: true as const, secret: e.HUBOT_ZENDESK_WEBHOOK_SECRET, room: e.HUBOT_ZENDESK_ROOM }
      : off(['HUBOT_ZENDESK_WEBHOOK_SECRET', e.HUBOT_ZENDESK_WEBHOOK_SECRET], ['HUBOT_ZENDESK_ROOM', e.HUBOT_ZENDESK_ROOM]),
    ci: e.HUBOT_CI_WEBHOOK_TOKEN != null && ciRooms != null
      ? { enabled: true as const, token: e.HUBOT_CI_WEBHOOK_TOKEN, rooms: ciRooms }
      : off(['HUBOT_CI_WEBHOOK_TOKEN', e.HUBOT_CI_WEBHOOK_TOKEN], ['HUBOT_CI_ROOMS', e.HUBOT_CI_ROOMS])
  }
}

function off (...pairs: Array<[string, string | undefined]>): Off {
  return { enabled: false, missing: pairs.filter(([, v]) => v == null).map(([name]) => name).join(' and ') }
}

const rooms = z.record(z.string().trim().min(1), z.string().trim().min(1, 'a room name or channel id'))

function roomMap (name: string, json: string | undefined, problems: string[]): RoomMap | null {
  if (json == null) return null
  let parsed: unknown
  try {
    parsed = JSON.parse(json)
  } catch (err) {
    problems.push(`${name}: cannot read JSON (${(err as Error).message}) (${WEBHOOK_HOW_TO_FIX[name]})`)
    return null
  }
  const result = rooms.safeParse(parsed)
  if (!result.success) {
    for (const issue of result.error.issues) problems.push(`${name}: ${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message} (${WEBHOOK_HOW_TO_FIX[name]})`)
    return null
  }
  if (Object.keys(result.data).length === 0) {
    problems.push(`${name}: names no room (${WEBHOOK_HOW_TO_FIX[name]})`)
    return null
  }
  // Repository and pipeline names are matched without regard to case, as GitHub does.
  return Object.fromEntries(Object.entries(result.data).map(([k, v]) => [k.toLowerCase(), v]))
}

// `pull_request` alone means each of its actions the bot words.
function githubEvents (list: string | undefined, problems: string[]): string[] {
  if (list == null) return [...GITHUB_EVENTS]
  const out = new Set<string>()
  const items = list.split(',').map(s => s.trim().toLowerCase()).filter(Boolean)
  for (const [n, item] of items.entries()) {
    const matching = GITHUB_EVENTS.filter(k => k === item || k.startsWith(`${item}:`))
    // Configuration problems name the variable, never its value.
    if (matching.length === 0) problems.push(`HUBOT_GITHUB_EVENTS: entry ${n + 1} is not an event the bot announces (${WEBHOOK_HOW_TO_FIX.HUBOT_GITHUB_EVENTS})`)
    for (const k of matching) out.add(k)
  }
  return [...out]
}
