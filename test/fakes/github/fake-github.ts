// A local GitHub REST API for tests: node:http on 127.0.0.1, port 0, under a base path of ''
// (as api.github.com) or '/api/v3' (as GitHub Enterprise Server), serving
//   GET /repos/{o}/{r}/pulls, GET /search/issues, GET /repos/{o}/{r}, GET /orgs/{org}/repos,
//   GET /users/{username}, GET /rate_limit, GET /repos/{o}/{r}/commits/{ref}[/status|/check-runs],
//   GET /repos/{o}/{r}/compare/{base}...{head}, GET|POST /repos/{o}/{r}/deployments,
//   GET /repos/{o}/{r}/deployments/{id}, GET|POST /repos/{o}/{r}/deployments/{id}/statuses
// It checks the token like GitHub (Authorization: token X or Bearer X, else 401), counts
// requests against the core and search rate limits and reports them in x-ratelimit-* headers
// on every answer, pages with Link headers, logs every request (secrets redacted) and answer,
// and can be told to fail or hang. Answers follow the spec: harness.ts checks every one.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { basicError, docsOf, notFound, validationFailed, type Ctx, type Handler, type Reply } from './reply.ts'
import { RateLimits, type Resource } from './rate-limits.ts'
import { compareCommits, createDeployment, createDeploymentStatus, getCombinedStatus, getCommit, getDeployment, listCheckRuns, listDeployments, listDeploymentStatuses } from './routes-git.ts'
import { getRepo, getUser, listOrgRepos, listPulls, searchIssues } from './routes-repos.ts'
import { seedState, type GitHubState } from './state.ts'

export interface LoggedRequest {
  method: string
  /** The path as sent, base path included. */
  path: string
  query: URLSearchParams
  /** As sent, except authorization (scheme only) and cookie. */
  headers: http.IncomingHttpHeaders
  auth: { scheme: string, ok: boolean }
  /** The parsed JSON body (the raw text when it is not JSON), or null. */
  body: unknown
}
export interface LoggedResponse {
  method: string
  path: string
  query: URLSearchParams
  /** The spec operation answered ("GET /repos/{owner}/{repo}/pulls"), or null for an unknown route. */
  op: string | null
  status: number
  headers: Record<string, string>
  body: unknown
}
export interface FailOptions {
  /** Extra or replacing headers. */
  headers?: Record<string, string>
  /** The body instead of GitHub's for this status (a string goes out as text/html). */
  body?: unknown
  /** How many requests in a row get this answer (default 1). */
  times?: number
  /** A rate-limit answer: primary (x-ratelimit-remaining 0, reset) or secondary (retry-after). */
  rateLimit?: 'primary' | 'secondary'
  /** Seconds in retry-after for a secondary limit (default 60); null sends none, as GitHub sometimes does. */
  retryAfter?: number | null
}
export interface FakeGitHubOptions {
  token?: string
  /** The token's user, creator of deployments (default acme-hubot). */
  login?: string
  /** '' (api.github.com) or '/api/v3' (GitHub Enterprise Server). */
  basePath?: '' | '/api/v3'
  /** Requests per window before a 403 (defaults: core 5000 an hour, search 30 a minute). */
  limits?: Partial<Record<Resource, number>>
  /** false: no rate limiting, as GitHub Enterprise Server can run (no x-ratelimit-* headers, /rate_limit 404). */
  rateLimiting?: boolean
  now?: () => number
  seed?: GitHubState
  /**
   * Search answers list search_type before items, as the spec's example does (default), or
   * after them (false). octokit.paginate only pages search when items come first.
   */
  searchTypeFirst?: boolean
}
export interface FakeGitHub {
  /** The API base for a client: origin + base path, no trailing slash. */
  url: string
  origin: string
  token: string
  state: GitHubState
  rateLimits: RateLimits
  requests: LoggedRequest[]
  responses: LoggedResponse[]
  /** The next request(s) get this status (and GitHub's body for it) instead. */
  failNext (status: number, options?: FailOptions): void
  /** The next request is never answered (for timeouts); close() ends it. */
  hangNext (): void
  reset (): void
  close (): Promise<void>
}

type Failure = { status: number } & FailOptions | 'hang'
const API_VERSION = '2022-11-28'
const ROUTES: Array<[string, RegExp, Handler, string]> = [
  ['GET', /^\/users\/([^/]+)$/, getUser, 'GET /users/{username}'],
  ['GET', /^\/orgs\/([^/]+)\/repos$/, listOrgRepos, 'GET /orgs/{org}/repos'],
  ['GET', /^\/repos\/([^/]+)\/([^/]+)$/, getRepo, 'GET /repos/{owner}/{repo}'],
  ['GET', /^\/repos\/([^/]+)\/([^/]+)\/pulls$/, listPulls, 'GET /repos/{owner}/{repo}/pulls'],
  ['GET', /^\/search\/issues$/, searchIssues, 'GET /search/issues'],
  // {ref} and {basehead} may hold slashes (heads/feature/x), so status and check-runs come first.
  ['GET', /^\/repos\/([^/]+)\/([^/]+)\/commits\/(.+)\/status$/, getCombinedStatus, 'GET /repos/{owner}/{repo}/commits/{ref}/status'],
  ['GET', /^\/repos\/([^/]+)\/([^/]+)\/commits\/(.+)\/check-runs$/, listCheckRuns, 'GET /repos/{owner}/{repo}/commits/{ref}/check-runs'],
  ['GET', /^\/repos\/([^/]+)\/([^/]+)\/commits\/(.+)$/, getCommit, 'GET /repos/{owner}/{repo}/commits/{ref}'],
  ['GET', /^\/repos\/([^/]+)\/([^/]+)\/compare\/(.+)$/, compareCommits, 'GET /repos/{owner}/{repo}/compare/{basehead}'],
  ['GET', /^\/repos\/([^/]+)\/([^/]+)\/deployments$/, listDeployments, 'GET /repos/{owner}/{repo}/deployments'],
  ['POST', /^\/repos\/([^/]+)\/([^/]+)\/deployments$/, createDeployment, 'POST /repos/{owner}/{repo}/deployments'],
  ['GET', /^\/repos\/([^/]+)\/([^/]+)\/deployments\/(\d+)$/, getDeployment, 'GET /repos/{owner}/{repo}/deployments/{deployment_id}'],
  ['GET', /^\/repos\/([^/]+)\/([^/]+)\/deployments\/(\d+)\/statuses$/, listDeploymentStatuses, 'GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses'],
  ['POST', /^\/repos\/([^/]+)\/([^/]+)\/deployments\/(\d+)\/statuses$/, createDeploymentStatus, 'POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses']
]

// The query parameters of the two operations the subset lacks (GitHub's docs for them).
const ALSO_SERVED_PARAMETERS: Record<string, string[]> = {
  'GET /repos/{owner}/{repo}/deployments/{deployment_id}': [],
  'GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses': ['per_page', 'page']
}

function authOf (header: string | undefined, token: string): { scheme: string, ok: boolean } {
  const [scheme = '', value = ''] = (header ?? '').trim().split(/\s+/)
  const s = scheme.toLowerCase()
  return { scheme: s === '' ? 'none' : s, ok: (s === 'token' || s === 'bearer') && value === token }
}

export async function startFakeGitHub (options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const token = options.token ?? 'ghp_fakeTokenForTests0000000000000000000'
  const login = options.login ?? 'acme-hubot'
  const basePath = options.basePath ?? ''
  const now = options.now ?? (() => Date.now())
  const limiting = options.rateLimiting !== false
  const fresh = (): GitHubState => structuredClone(options.seed ?? seedState())
  let state = fresh()
  const rateLimits = new RateLimits(now, options.limits)
  const requests: LoggedRequest[] = []
  const responses: LoggedResponse[] = []
  const failures: Failure[] = []
  let origin = ''
  let requestCount = 0

  function injected (f: Exclude<Failure, 'hang'>, resource: Resource, requestId: string): Reply {
    const userId = state.users.find(u => u.login === login)?.id as number | undefined
    if (f.rateLimit === 'primary' || (f.rateLimit == null && f.status === 403 && f.headers?.['x-ratelimit-remaining'] === '0')) {
      const b = rateLimits.bucket(resource)
      return { ...rateLimits.primaryError(userId ?? 0, requestId, f.status), headers: { ...rateLimits.headers(resource), 'x-ratelimit-remaining': '0', 'x-ratelimit-used': String(b.limit), ...f.headers }, ...(f.body !== undefined ? { body: f.body } : {}) }
    }
    if (f.rateLimit === 'secondary' || (f.rateLimit == null && f.status === 429)) {
      const retryAfter = f.retryAfter === undefined ? 60 : f.retryAfter
      const headers = { ...(retryAfter == null ? {} : { 'retry-after': String(retryAfter) }), ...f.headers }
      return { ...rateLimits.secondaryError(requestId, f.status), headers, ...(f.body !== undefined ? { body: f.body } : {}) }
    }
    const messages: Record<number, string> = { 401: 'Bad credentials', 403: 'Resource not accessible by personal access token', 404: 'Not Found', 500: 'Server Error', 502: 'Server Error', 503: 'Service Unavailable' }
    const fallback = basicError(state, null, f.status, messages[f.status] ?? http.STATUS_CODES[f.status] ?? 'Error')
    // The 503 body GitHub declares has no `status` field (service_unavailable: code, message,
    // documentation_url), nor has validation-error, GitHub's 422 body.
    if (f.status === 503) fallback.body = { message: 'Service Unavailable', documentation_url: docsOf(state, null) }
    if (f.status === 422) fallback.body = { message: 'Validation Failed', documentation_url: docsOf(state, null) }
    return { status: f.status, op: null, body: f.body !== undefined ? f.body : fallback.body, headers: f.headers }
  }

  function answer (req: http.IncomingMessage, url: URL, text: string, requestId: string): Reply | null {
    const method = req.method ?? 'GET'
    const route = url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) : null
    const resource: Resource = route === '/search/issues' ? 'search' : 'core'
    const failure = failures.shift()
    if (failure === 'hang') return null
    if (failure != null) return withLimits(injected(failure, resource, requestId), resource, false)
    const auth = authOf(req.headers.authorization, token)
    if (!auth.ok) {
      // No token: "Requires authentication" (as for private resources, or Enterprise in private mode).
      const reply = basicError(state, null, 401, auth.scheme === 'none' ? 'Requires authentication' : 'Bad credentials')
      return withLimits(reply, 'anonymous', true)
    }
    const version = req.headers['x-github-api-version']
    if (version != null && version !== API_VERSION) return withLimits(basicError(state, null, 400, `fake GitHub: API version ${String(version)} is not modelled (the spec describes ${API_VERSION})`), resource, false)
    if (/vnd\.github(\.v3)?\.(diff|patch|text|html|full)/.test(req.headers.accept ?? '')) return withLimits(basicError(state, null, 415, 'fake GitHub: the diff, patch, text, html and full media types are not modelled'), resource, false)
    if (route === '/rate_limit' && method === 'GET') {
      // Not counted against any limit (the spec says so).
      if (!limiting) return basicError(state, 'GET /rate_limit', 404, 'Rate limiting is not enabled.')
      return withLimits({ status: 200, op: 'GET /rate_limit', body: rateLimits.overview(state.templates.rateLimit) }, 'core', false)
    }
    if (rateLimits.exhausted(resource)) {
      const userId = (state.users.find(u => u.login === login)?.id as number | undefined) ?? 0
      return withLimits(rateLimits.primaryError(userId, requestId, 403), resource, false)
    }
    rateLimits.count(resource)
    for (const [m, re, handler, op] of ROUTES) {
      const match = route == null ? null : re.exec(route)
      if (match == null || m !== method) continue
      // GitHub ignores a parameter it does not know; the fake refuses it, so a misspelt one fails a test.
      const declared = state.queryParameters[op] ?? ALSO_SERVED_PARAMETERS[op]
      const unknown = [...url.searchParams.keys()].find(k => !declared.includes(k))
      if (unknown != null) return withLimits(validationFailed(state, op, `fake GitHub: ${unknown} is not a parameter of ${op} (GitHub would ignore it)`), resource, false)
      let body: unknown = null
      if (method === 'POST') {
        try { body = text === '' ? {} : JSON.parse(text) } catch { return withLimits(basicError(state, null, 400, 'Problems parsing JSON'), resource, false) }
      }
      let params: string[]
      try { params = match.slice(1).map(decodeURIComponent) } catch { return withLimits(notFound(state, null), resource, false) }
      const ctx: Ctx = { state, url, query: url.searchParams, login, now, accept: req.headers.accept ?? '', body, searchTypeFirst: options.searchTypeFirst !== false }
      return withLimits(handler(ctx, params), resource, false)
    }
    return withLimits(notFound(state, null), resource, false)
  }

  function withLimits (reply: Reply, resource: Resource | 'anonymous', count: boolean): Reply {
    if (count) rateLimits.count(resource)
    if (!limiting) return reply
    return { ...reply, headers: { ...rateLimits.headers(resource), ...reply.headers } }
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', origin)
      const method = req.method ?? 'GET'
      const text = Buffer.concat(chunks).toString()
      const { cookie: _, ...headers } = req.headers
      const auth = authOf(req.headers.authorization, token)
      if (headers.authorization != null) headers.authorization = `${headers.authorization.trim().split(/\s+/)[0]} [redacted]`
      let logged: unknown = null
      if (text !== '') { try { logged = JSON.parse(text) } catch { logged = text } }
      requests.push({ method, path: url.pathname, query: url.searchParams, headers, auth, body: logged })
      const requestId = `FAKE:${String(++requestCount).padStart(6, '0')}`
      let reply: Reply | null
      try {
        reply = answer(req, url, text, requestId)
      } catch (err) {
        // A bug in the fake answers 500 naming it, instead of leaving the client hanging.
        reply = basicError(state, null, 500, `fake GitHub bug: ${err instanceof Error ? err.message : String(err)}`)
      }
      if (reply == null) return // hangNext
      // The seed's URLs name api.github.com (and github.com); GitHub answers with its own host.
      const api = `${origin}${basePath}`
      const rewrite = (s: string): string => basePath === '' ? s.replaceAll(state.origins.api, api) : s.replaceAll(state.origins.api, api).replaceAll(state.origins.web, origin)
      const isText = typeof reply.body === 'string'
      const sent = isText ? reply.body as string : rewrite(JSON.stringify(reply.body))
      const out: Record<string, string> = {
        'content-type': isText ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8',
        'x-github-media-type': 'github.v3; format=json',
        'x-github-api-version-selected': API_VERSION,
        'x-github-request-id': requestId,
        ...Object.fromEntries(Object.entries(reply.headers ?? {}).map(([k, v]) => [k.toLowerCase(), rewrite(v)]))
      }
      responses.push({ method, path: url.pathname, query: url.searchParams, op: reply.op, status: reply.status, headers: out, body: isText ? sent : JSON.parse(sent) })
      res.writeHead(reply.status, out)
      res.end(sent)
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url: `${origin}${basePath}`,
    origin,
    token,
    get state () { return state },
    rateLimits,
    requests,
    responses,
    failNext (status, { times = 1, ...rest } = {}) { for (let i = 0; i < times; i++) failures.push({ status, ...rest }) },
    hangNext () { failures.push('hang') },
    reset () { state = fresh(); rateLimits.reset(); requests.length = 0; responses.length = 0; failures.length = 0; requestCount = 0 },
    close: () => new Promise<void>(resolve => { server.closeAllConnections(); server.close(() => resolve()) })
  }
}
