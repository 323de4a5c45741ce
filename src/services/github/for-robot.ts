// One GitHub client per robot, built on first use from the bot context (config, fetch,
// logger, clock), with the defaults the commands share: the web origin links point at,
// the default owner and organization, the list limit.
import type { Robot, User as ChatUser } from 'hubot'
import { botContext } from '../../core/context.ts'
import { BotError } from '../../core/errors.ts'
import { PRODUCTION_TUNING, createGitHubClient, type GitHubClient, type GitHubTuning } from './client.ts'
import { webOrigin } from './links.ts'

export const NOT_CONFIGURED = "GitHub isn't configured: set HUBOT_GITHUB_TOKEN (GitHub > Settings > Developer settings > Personal access tokens, with read access to pull requests)"

export interface GitHub {
  client: GitHubClient
  /** https://github.com, or https://HOST for GitHub Enterprise Server. */
  web: string
  /** HUBOT_GITHUB_USER and HUBOT_GITHUB_ORG. */
  user: string | null
  org: string | null
  listLimit: number
  now (): number
}

const instances = new WeakMap<Robot, GitHub>()
const tunings = new WeakMap<Robot, GitHubTuning>()

/**
 * How this robot's client treats rate limits and retries (PRODUCTION_TUNING unless set).
 * Tests set it: octokit's throttling spaces searches 2 s apart in real time, for every
 * client in the process. Takes effect for the next client built.
 */
export function tuneGitHub (robot: Robot, tuning: GitHubTuning): void {
  tunings.set(robot, tuning)
  instances.delete(robot)
}

export function gitHubFor (robot: Robot): GitHub {
  const existing = instances.get(robot)
  if (existing != null) return existing
  const ctx = botContext(robot)
  const config = ctx.config.github
  if (!config.enabled) throw new BotError('not_configured', NOT_CONFIGURED)
  const now = (): number => ctx.clock.now()
  const client = createGitHubClient({
    baseUrl: config.apiUrl, token: config.token, fetch: ctx.fetch, log: ctx.log, timeoutMs: config.timeoutMs, now, tuning: tunings.get(robot) ?? PRODUCTION_TUNING
  })
  const gh: GitHub = { client, web: webOrigin(config.apiUrl), user: config.user, org: config.org, listLimit: config.listLimit, now }
  instances.set(robot, gh)
  return gh
}

/** The GitHub login the caller told the bot (`github me as`), or null. */
export function callerLogin (user: ChatUser): string | null {
  const login = user.githubLogin
  return typeof login === 'string' && login !== '' ? login : null
}
