// A local Zendesk Support API for tests: node:http on 127.0.0.1, port 0, serving
//   GET /api/v2/search?query=&sort_by=&sort_order=&per_page=&page=   (offset paging, as Zendesk)
//   GET /api/v2/search/count?query=
//   GET /api/v2/tickets/{id}[?include=users]
// each also with `.json` (node-zendesk appends it). It checks auth like Zendesk (Basic
// email/token:API_TOKEN or Bearer OAuth token, else 401), honours the query grammar in
// search-query.ts, logs every request (secrets redacted) and answer, and can be told to fail
// or hang. Answers follow the spec: test/services/zendesk-spec.test.ts checks them.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { QueryError, sortTickets, ticketFilter } from './search-query.ts'
import { SEED_ORIGIN, seedState, type Obj, type ZendeskState } from './state.ts'

export interface ZendeskCredentials { email: string, apiToken?: string, oauthToken?: string }
export interface LoggedRequest {
  method: string
  path: string
  query: URLSearchParams
  /** As sent, except authorization (scheme only) and cookie. */
  headers: http.IncomingHttpHeaders
  auth: { scheme: string, email?: string }
  body: string | null
}
export interface LoggedResponse { method: string, path: string, query: URLSearchParams, status: number, headers: Record<string, string>, body: unknown }
export interface FailOptions { retryAfter?: number, body?: unknown, times?: number }
type Failure = { status: number, retryAfter?: number, body?: unknown } | 'hang'
interface Reply { status: number, body: unknown, headers?: Record<string, string> }

export interface FakeZendesk {
  /** The API base, http://127.0.0.1:<port>/api/v2 (no trailing slash). */
  url: string
  origin: string
  state: ZendeskState
  requests: LoggedRequest[]
  /** Every answer given, for spec checks (spec-check.ts) and assertions. */
  responses: LoggedResponse[]
  /** The next request(s) get this status instead; 429 always carries Retry-After (default 1 s). */
  failNext (status: number, options?: FailOptions): void
  /** The next request is never answered (for timeouts); close() ends it. */
  hangNext (): void
  reset (): void
  close (): Promise<void>
}

// Error bodies: Zendesk's own where the spec shows them, in its { error, description } shape.
const NOT_FOUND = { error: 'RecordNotFound', description: 'Not found' }
const DEFAULT_BODIES: Record<number, unknown> = {
  401: { error: 'Couldn\'t authenticate you' },
  403: { error: 'Forbidden', description: 'You do not have access to this page. Please contact the account owner of this help desk for further help.' },
  404: NOT_FOUND,
  429: { errors: [{ code: 'TooManyRequests', title: 'Too many requests' }] },
  500: { error: 'Unavailable', description: 'Service temporarily unavailable' },
  503: { error: 'unavailable', description: 'Sorry, we could not complete your search query. Please try again in a moment.' }
}
const invalid = (description: string, status = 400): Reply => ({ status, body: { error: 'invalid', description } })
// Zendesk search returns at most the first 1,000 results; a page past them is a 422.
const RESULTS_LIMIT = 1000

function authOf (header: string | undefined, creds: ZendeskCredentials): { scheme: string, email?: string, ok: boolean } {
  const [scheme = 'none', value = ''] = (header ?? '').split(' ')
  if (scheme === 'Bearer') return { scheme: 'bearer', ok: creds.oauthToken != null && value === creds.oauthToken }
  if (scheme !== 'Basic') return { scheme: scheme.toLowerCase(), ok: false }
  const decoded = Buffer.from(value, 'base64').toString('utf8')
  const [user, ...rest] = decoded.split(':')
  const email = user.replace(/\/token$/, '')
  const ok = creds.apiToken != null && user.endsWith('/token') && email.toLowerCase() === creds.email.toLowerCase() && rest.join(':') === creds.apiToken
  return { scheme: 'basic', email, ok }
}

export async function startFakeZendesk (options: { seed?: ZendeskState, credentials: ZendeskCredentials }): Promise<FakeZendesk> {
  const { credentials } = options
  const fresh = (): ZendeskState => structuredClone(options.seed ?? seedState())
  let state = fresh()
  const requests: LoggedRequest[] = []
  const responses: LoggedResponse[] = []
  const failures: Failure[] = []
  let origin = ''

  function search (url: URL, countOnly: boolean): Reply {
    const q = url.searchParams
    const query = q.get('query')
    if (query == null || query.trim() === '') return invalid('query is required')
    const matching = state.tickets.filter(ticketFilter(query, state.users))
    if (countOnly) return { status: 200, body: { count: matching.length } }
    const sorted = sortTickets(matching, q.get('sort_by'), q.get('sort_order'))
    // Offset paging: per_page at most 100 (also its default), page from 1.
    const perPage = Math.min(Math.max(Number.parseInt(q.get('per_page') ?? '', 10) || 100, 1), 100)
    const page = Math.max(Number.parseInt(q.get('page') ?? '', 10) || 1, 1)
    const offset = (page - 1) * perPage
    if (offset >= RESULTS_LIMIT) return invalid(`search returns at most ${RESULTS_LIMIT} results`, 422)
    const reachable = Math.min(sorted.length, RESULTS_LIMIT)
    // next_page/previous_page are absolute URLs repeating the request with another page.
    const pageUrl = (n: number): string => { const p = new URLSearchParams(q); p.set('page', String(n)); return `${origin}${url.pathname}?${p.toString()}` }
    return {
      status: 200,
      body: {
        results: sorted.slice(offset, Math.min(offset + perPage, reachable)).map(t => ({ ...t, result_type: 'ticket' })),
        facets: null,
        next_page: offset + perPage < reachable ? pageUrl(page + 1) : null,
        previous_page: page > 1 ? pageUrl(page - 1) : null,
        count: sorted.length
      }
    }
  }

  function showTicket (id: string, q: URLSearchParams): Reply {
    const ticket = /^\d+$/.test(id) ? state.tickets.find(t => String(t.id) === id) : undefined
    if (ticket == null) return { status: 404, body: NOT_FOUND }
    const include = (q.get('include') ?? '').split(',').map(s => s.trim()).filter(Boolean)
    const unknown = include.filter(s => s !== 'users')
    if (unknown.length > 0) return invalid(`fake Zendesk: include=${unknown.join(',')} is not modelled`)
    if (!include.includes('users')) return { status: 200, body: { ticket } }
    // The users sideload: requester, submitter, assignee and CCs, once each.
    const ids = [...new Set([ticket.requester_id, ticket.submitter_id, ticket.assignee_id, ...(ticket.collaborator_ids as number[])].filter(i => i != null))]
    return { status: 200, body: { ticket, users: ids.map(i => state.users.find(u => u.id === i)).filter((u): u is Obj => u != null) } }
  }

  function route (method: string, url: URL, body: string | null): Reply {
    const m = /^\/api\/v2\/(.+?)(?:\.json)?$/.exec(url.pathname)
    const rest = m?.[1] ?? ''
    const known = rest === 'search' || rest === 'search/count' || /^tickets\/[^/]+$/.test(rest)
    if (method !== 'GET' || !known) return { status: 404, body: { error: 'InvalidEndpoint', description: 'Not found' } }
    if (body != null) return invalid('fake Zendesk: a GET carries no body')
    try {
      if (rest === 'search') return search(url, false)
      if (rest === 'search/count') return search(url, true)
      return showTicket(rest.slice('tickets/'.length), url.searchParams)
    } catch (err) {
      if (err instanceof QueryError) return invalid(err.message)
      throw err
    }
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', origin)
      const method = req.method ?? 'GET'
      const text = Buffer.concat(chunks).toString()
      const auth = authOf(req.headers.authorization, credentials)
      const { cookie: _, ...headers } = req.headers
      if (headers.authorization != null) headers.authorization = `${headers.authorization.split(' ')[0]} [redacted]`
      requests.push({ method, path: url.pathname, query: url.searchParams, headers, auth: { scheme: auth.scheme, email: auth.email }, body: text === '' ? null : text })
      const failure = failures.shift()
      if (failure === 'hang') return
      let reply: Reply
      if (failure != null) {
        const retryAfter = failure.retryAfter ?? (failure.status === 429 ? 1 : undefined)
        reply = { status: failure.status, body: failure.body ?? DEFAULT_BODIES[failure.status] ?? { error: http.STATUS_CODES[failure.status] }, headers: retryAfter != null ? { 'retry-after': String(retryAfter) } : {} }
      } else if (!auth.ok) {
        reply = { status: 401, body: DEFAULT_BODIES[401] }
      } else {
        reply = route(method, url, text === '' ? null : text)
      }
      // The seed's URLs name example.zendesk.com; Zendesk answers with its own host.
      const sent = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body).replaceAll(SEED_ORIGIN, origin)
      // A text body goes out as Zendesk's rate-limit docs show one: text/html.
      const headersOut = { 'content-type': typeof reply.body === 'string' ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8', ...reply.headers }
      responses.push({ method, path: url.pathname, query: url.searchParams, status: reply.status, headers: headersOut, body: typeof reply.body === 'string' ? sent : JSON.parse(sent) })
      res.writeHead(reply.status, headersOut)
      res.end(sent)
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url: `${origin}/api/v2`,
    origin,
    get state () { return state },
    requests,
    responses,
    failNext (status, { times = 1, ...rest } = {}) { for (let i = 0; i < times; i++) failures.push({ status, ...rest }) },
    hangNext () { failures.push('hang') },
    reset () { state = fresh(); requests.length = 0; responses.length = 0; failures.length = 0 },
    close: () => new Promise<void>(resolve => { server.closeAllConnections(); server.close(() => resolve()) })
  }
}
