// createGitHubClient: the GitHub REST calls the chat commands need, over octokit (its
// throttling and retry plugins on), everything injected: the API base (GitHub Enterprise
// Server: https://HOST/api/v3), the token, the bot's fetch, the logger, the timeout.
// Pages are fetched with octokit.request and the Link header followed here: octokit's
// paginate plugin takes the first array in an answer as its list, which breaks on the
// search answer GitHub's spec describes (`search_type` before `items`), and a repository
// needs only its first and last pages for the true total, not every page between.
import type { Octokit } from 'octokit'
import type { Logger } from '../../core/log.ts'
import { gitHubError, isRequestError } from './errors.ts'
import { timedFetch } from './fetch.ts'
import { pageOf, parseLink } from './links.ts'

const API_VERSION = '2022-11-28'
const PAGE = 100

export interface PullSummary {
  /** owner/name */
  repo: string
  number: number
  title: string
  author: string
  draft: boolean
  createdAt: string
  updatedAt: string
  url: string
  /** From a repository listing only (search leaves archived repositories out by query). */
  archived?: boolean
}

export interface Comparison {
  status: string
  ahead: number
  behind: number
  /** The comparison on the web. */
  url: string
  /** Oldest first; title is the message's first line, author the login (else the git name). */
  commits: Array<{ sha: string, title: string, author: string }>
}

export interface PullList {
  /** Most recently updated first. */
  pulls: PullSummary[]
  /** Every open pull request the query has, however many were fetched. */
  total: number
  /** False when GitHub says its search timed out and the total may be short. */
  complete: boolean
}

/**
 * How hard the client leans on GitHub's limits. Production: octokit's throttling on (its
 * limiter groups are shared by every client in the process, and space searches 2 s
 * apart), a rate limit waited out once when it resets within maxRateLimitWaitS, 5xx
 * retried twice after 1 s and 4 s. Tests turn throttling off or make the waits
 * milliseconds (retryBaseMs: 1).
 */
export interface GitHubTuning { throttle: boolean, retryBaseMs: number, maxRateLimitWaitS: number }
export const PRODUCTION_TUNING: GitHubTuning = { throttle: true, retryBaseMs: 1000, maxRateLimitWaitS: 20 }

export interface GitHubClientOptions {
  baseUrl: string
  token: string
  fetch: typeof fetch
  log: Logger
  timeoutMs: number
  now: () => number
  tuning?: GitHubTuning
}

// The fields read from GitHub's JSON (its pull-request and issue-search item schemas);
// each is read defensively, as GitHub Enterprise versions differ.
interface UserJson { login?: string }
// What a pull request and an issue-search item have in common.
interface ItemJson {
  number: number
  title?: string
  user?: UserJson | null
  draft?: boolean
  created_at: string
  updated_at: string
  html_url: string
}
interface PullJson extends ItemJson {
  base?: { repo?: { full_name?: string, archived?: boolean } }
}
interface SearchItemJson extends ItemJson {
  repository_url?: string
  pull_request?: { html_url?: string | null }
}

const fromItem = (i: ItemJson): Omit<PullSummary, 'repo'> => ({
  number: i.number,
  title: String(i.title ?? ''),
  author: String(i.user?.login ?? 'ghost'),
  draft: i.draft === true,
  createdAt: i.created_at,
  updatedAt: i.updated_at,
  url: i.html_url
})

const fromPull = (p: PullJson): PullSummary => ({
  ...fromItem(p),
  repo: String(p.base?.repo?.full_name ?? ''),
  archived: p.base?.repo?.archived === true
})

// A search item is an issue; its repository is the tail of repository_url (.../repos/OWNER/NAME).
const fromSearchItem = (i: SearchItemJson): PullSummary => ({
  ...fromItem(i),
  repo: String(i.repository_url ?? '').split('/repos/').pop() ?? '',
  url: i.pull_request?.html_url ?? i.html_url
})

export function createGitHubClient (options: GitHubClientOptions) {
  const log = options.log.child({ service: 'github' })
  const tuning = options.tuning ?? PRODUCTION_TUNING
  const baseUrl = options.baseUrl.replace(/\/+$/, '')
  const apiOrigin = new URL(baseUrl).origin
  const headers = { 'x-github-api-version': API_VERSION }

  // Wait out a rate limit once, and only a short one: a chat user is waiting.
  const onLimit = (kind: string) => (retryAfter: number, request: { method?: string, url?: string }, _octokit: unknown, retryCount: number): boolean => {
    const retrying = retryCount === 0 && retryAfter <= tuning.maxRateLimitWaitS
    // The route template ("/repos/{owner}/{repo}/pulls"), or a Link URL's path: never its query.
    const route = (request.url ?? '').split('?')[0].replace(apiOrigin, '')
    log.info({ kind, retry_after_s: retryAfter, retrying, method: request.method, route }, 'GitHub rate limit')
    return retrying
  }
  // octokit (some forty modules) is loaded by the first request, not at start: most starts
  // never call GitHub before someone asks.
  let octokit: Promise<Octokit> | undefined
  const api = async (): Promise<Octokit> => await (octokit ??= import('octokit').then(({ Octokit }) => new Octokit({
    baseUrl,
    auth: options.token,
    request: { fetch: timedFetch(options.fetch, options.timeoutMs, log) },
    // octokit logs through console unless given a logger; messages can carry a request URL.
    log: {
      debug: (message: string) => log.debug({ component: 'octokit' }, message),
      info: (message: string) => log.info({ component: 'octokit' }, message),
      warn: (message: string) => log.warn({ component: 'octokit' }, message),
      error: (message: string) => log.error({ component: 'octokit' }, message)
    },
    throttle: tuning.throttle
      ? { retryAfterBaseValue: tuning.retryBaseMs, onRateLimit: onLimit('primary'), onSecondaryRateLimit: onLimit('secondary') }
      : { enabled: false },
    // 429 is left to the throttling plugin, which reads retry-after; the retry plugin would
    // retry it blindly after 1, 4 and 9 s.
    retry: { retries: 2, retryAfterBaseValue: tuning.retryBaseMs, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] }
  })))

  const call = async <T>(notFound: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run()
    } catch (err) {
      throw gitHubError(err, { notFound, nowMs: options.now(), secrets: [options.token] })
    }
  }

  // A Link URL is requested with the token: only ever on the API's own origin.
  const page = async (url: string): Promise<{ data: unknown, link: Record<string, string> }> => {
    if (new URL(url).origin !== apiOrigin) throw new Error(`GitHub paged to another origin (${new URL(url).origin}); not following it`)
    const res = await (await api()).request(`GET ${url}`, { headers })
    return { data: res.data as unknown, link: parseLink(res.headers.link) }
  }

  return {
    /**
     * A repository's open pull requests, most recently updated first, in pages of 100.
     * Without `scan`, the first page and, when there are more, the last one: its page number
     * and length give the true total in two requests however many there are. With `scan`,
     * every page up to maxPages (a title filter must see every title).
     */
    async listOpenPulls (owner: string, repo: string, scan: { maxPages: number } | null): Promise<PullList> {
      return await call("no such repo, or the token can't see it", async () => {
        const first = await (await api()).request('GET /repos/{owner}/{repo}/pulls', { owner, repo, state: 'open', sort: 'updated', direction: 'desc', per_page: PAGE, headers })
        const pulls = (first.data as PullJson[]).map(fromPull)
        let link = parseLink(first.headers.link)
        const maxPages = scan?.maxPages ?? 1
        for (let n = 1; link.next != null && n < maxPages; n++) {
          const next = await page(link.next)
          pulls.push(...(next.data as PullJson[]).map(fromPull))
          link = next.link
        }
        // Every page read (no next): the count is what was read.
        const lastPage = link.next != null ? pageOf(link.last) : null
        if (lastPage == null) return { pulls, total: pulls.length, complete: true }
        const last = await page(link.last)
        return { pulls, total: (lastPage - 1) * PAGE + (last.data as PullJson[]).length, complete: true }
      })
    },

    /**
     * Issue search for open pull requests, most recently updated first: the first `limit`
     * (at most 100, one page, one request) and total_count, GitHub's count of them all.
     */
    async searchPulls (q: string, limit: number, notFound: string): Promise<PullList> {
      return await call(notFound, async () => {
        const { data } = await (await api()).request('GET /search/issues', { q, sort: 'updated', order: 'desc', per_page: Math.min(PAGE, limit), headers })
        return { pulls: data.items.map(i => fromSearchItem(i as SearchItemJson)), total: data.total_count, complete: data.incomplete_results !== true }
      })
    },

    /** The commit a ref (branch, tag, SHA) names; 422 (GitHub's answer for an unknown ref) is not_found too. */
    async commitSha (owner: string, repo: string, ref: string): Promise<string | null> {
      try {
        const { data } = await (await api()).request('GET /repos/{owner}/{repo}/commits/{ref}', { owner, repo, ref, headers })
        return data.sha
      } catch (err) {
        if (isRequestError(err) && err.status === 422) return null
        throw gitHubError(err, { notFound: `no repository ${owner}/${repo}, or the token can't see it`, nowMs: options.now(), secrets: [options.token] })
      }
    },

    /** base...head: how far apart, and its commits (oldest first; GitHub lists the newest 250 unpaged). */
    async compare (owner: string, repo: string, base: string, head: string): Promise<Comparison> {
      return await call(`${base}...${head} cannot be compared in ${owner}/${repo}`, async () => {
        const { data } = await (await api()).request('GET /repos/{owner}/{repo}/compare/{basehead}', { owner, repo, basehead: `${base}...${head}`, headers })
        return {
          status: data.status,
          ahead: data.ahead_by,
          behind: data.behind_by,
          url: data.html_url,
          commits: data.commits.map(c => ({ sha: c.sha, title: String(c.commit.message ?? '').split('\n')[0], author: String(c.author?.login ?? c.commit.author?.name ?? 'unknown') }))
        }
      })
    },

    /** The latest check run of each name on a commit (first page of 100). */
    async checkRuns (owner: string, repo: string, sha: string): Promise<Array<{ name: string, status: string, conclusion: string | null, url: string | null }>> {
      return await call(`no commit ${sha} in ${owner}/${repo}`, async () => {
        const { data } = await (await api()).request('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', { owner, repo, ref: sha, per_page: PAGE, headers })
        return data.check_runs.map(r => ({ name: r.name, status: r.status, conclusion: r.conclusion ?? null, url: r.html_url ?? null }))
      })
    },

    /** The latest commit status of each context on a commit (first page of 100). */
    async commitStatuses (owner: string, repo: string, sha: string): Promise<Array<{ context: string, state: string, url: string | null }>> {
      return await call(`no commit ${sha} in ${owner}/${repo}`, async () => {
        const { data } = await (await api()).request('GET /repos/{owner}/{repo}/commits/{ref}/status', { owner, repo, ref: sha, per_page: PAGE, headers })
        return data.statuses.map(s => ({ context: s.context, state: s.state, url: s.target_url ?? null }))
      })
    },

    /** Records a deployment of exactly `sha`; GitHub's own merge and status checks off (the bot's rules decide). */
    async createDeployment (owner: string, repo: string, fields: { sha: string, environment: string, task: string, payload: Record<string, unknown>, description: string }): Promise<number> {
      return await call(`no repository ${owner}/${repo}, or the token can't see it`, async () => {
        const res = await (await api()).request('POST /repos/{owner}/{repo}/deployments', {
          owner, repo, ref: fields.sha, environment: fields.environment, task: fields.task, payload: fields.payload, description: fields.description, auto_merge: false, required_contexts: [], headers
        })
        if (res.status !== 201 || !('id' in res.data)) throw new Error(`GitHub did not create the deployment (HTTP ${res.status})`)
        return Number(res.data.id)
      })
    },

    async createDeploymentStatus (owner: string, repo: string, id: number, fields: { state: 'in_progress' | 'success' | 'failure' | 'error', logUrl: string | null, description: string }): Promise<void> {
      await call(`no deployment ${id} in ${owner}/${repo}`, async () => {
        await (await api()).request('POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', {
          owner, repo, deployment_id: id, state: fields.state, description: fields.description.slice(0, 140), ...(fields.logUrl != null ? { log_url: fields.logUrl } : {}), headers
        })
      })
    },

    /** A user or organization by login (GitHub matches without regard to case). */
    async getUser (login: string): Promise<{ login: string, type: string, name: string | null, url: string }> {
      return await call(`no user ${login}`, async () => {
        const { data } = await (await api()).request('GET /users/{username}', { username: login, headers })
        return { login: data.login, type: data.type, name: data.name ?? null, url: data.html_url }
      })
    }
  }
}

export type GitHubClient = ReturnType<typeof createGitHubClient>
