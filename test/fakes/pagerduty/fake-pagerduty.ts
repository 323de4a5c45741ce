// A local PagerDuty REST v2 for tests: node:http on 127.0.0.1, port 0. It honours the
// parameters the bot sends (statuses[], user_ids[], date_range, schedule_ids[], query, since/until,
// earliest, limit/offset with `more`), checks auth, `From` and bodies like PagerDuty (400
// with an error object): by the spec's request schemas (spec.ts) and by hand-written rules
// for what a schema cannot say (validate.ts). It logs every request for request-count
// assertions, and can be told to answer 401/429/500 or to hang. Responses follow the spec
// (checked in test/services/pagerduty-spec.test.ts).
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { clip, finalShifts, overlapping } from './schedule-math.ts'
import { API, WEB, newId, reference, seedState, type PagerDutyState } from './state.ts'
import { bodyProblems } from './validate.ts'
import { pagerDutySpec, specBodyProblems } from './spec.ts'
import type { SpecValidator } from '../../helpers/spec-validator.ts'

type Obj = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON
export interface LoggedRequest { method: string, path: string, query: URLSearchParams, headers: http.IncomingHttpHeaders, body: unknown }
export interface LoggedResponse { method: string, path: string, status: number, body: unknown }
export type Failure = { status: number, headers?: Record<string, string>, body?: unknown } | 'hang' | 'hang-body'
interface Reply { status: number, body?: unknown, headers?: Record<string, string> }

export interface FakePagerDuty {
  url: string
  token: string
  state: PagerDutyState
  requests: LoggedRequest[]
  /** Every answer given, for checking against the spec. */
  responses: LoggedResponse[]
  /** The next `times` requests get this answer instead. */
  failNext (failure: Failure, times?: number): void
  reset (): void
  close (): Promise<void>
}

const error = (status: number, message: string, errors: string[] = [], code = 2001): Reply => ({ status, body: { error: { message, code, errors } } })

function page (key: string, items: Obj[], q: URLSearchParams): Reply {
  const limit = Math.min(Math.max(Number(q.get('limit') ?? 25) || 25, 1), 100)
  const offset = Math.max(Number(q.get('offset') ?? 0) || 0, 0)
  return { status: 200, body: { [key]: items.slice(offset, offset + limit), limit, offset, more: offset + limit < items.length, total: q.get('total') === 'true' ? items.length : null } }
}
const byQuery = (items: Obj[], q: URLSearchParams, fields = ['name']): Obj[] => {
  const text = q.get('query')?.toLowerCase()
  return text == null || text === '' ? items : items.filter(i => fields.some(f => String(i[f] ?? '').toLowerCase().includes(text)))
}

export async function startFakePagerDuty (options: { token?: string, now?: () => number, spec?: SpecValidator | null } = {}): Promise<FakePagerDuty> {
  const token = options.token ?? 'test-pd-token'
  const spec = options.spec === undefined ? pagerDutySpec() : options.spec
  const now = options.now ?? (() => Date.now())
  let state = seedState()
  const requests: LoggedRequest[] = []
  const responses: LoggedResponse[] = []
  const failures: Failure[] = []
  const isoNow = (): string => new Date(now()).toISOString().replace('.000Z', 'Z')

  function requester (headers: http.IncomingHttpHeaders): Obj | Reply {
    const email = String(headers.from ?? '').toLowerCase()
    if (email === '') return error(400, 'Invalid Input Provided', ['You must specify a user\'s email address in the "From" header to perform this action'])
    return state.users.find(u => u.email.toLowerCase() === email) ?? error(400, 'Invalid Input Provided', ['Requester User Not Found'])
  }
  const findIncident = (id: string): Obj | undefined => state.incidents.find(i => i.id === id || String(i.incident_number) === id)

  function route (method: string, path: string, q: URLSearchParams, headers: http.IncomingHttpHeaders, body: Obj): Reply {
    const op = (name: string): Reply | null => { const p = bodyProblems(name, body); return p.length > 0 ? error(400, 'Invalid Input Provided', p) : null }
    let m: RegExpMatchArray | null
    if (method === 'GET' && path === '/incidents') {
      const statuses = q.getAll('statuses[]')
      const userIds = q.getAll('user_ids[]')
      // PagerDuty searches created_at in [since, until], by default the last month, unless
      // date_range=all (spec: "Maximum range is 6 months and default is 1 month").
      const all = q.get('date_range') === 'all' // since and until are then ignored
      const until = q.get('until') != null && !all ? Date.parse(q.get('until')!) : now()
      const since = q.get('since') != null && !all ? Date.parse(q.get('since')!) : until - 30 * 86_400_000
      if (Number.isNaN(since) || Number.isNaN(until)) return error(400, 'Invalid Input Provided', ['since and until must be ISO 8601 times'])
      const items = state.incidents
        .filter(i => all || (Date.parse(i.created_at) >= since && Date.parse(i.created_at) <= until))
        .filter(i => statuses.length === 0 || statuses.includes(i.status))
        .filter(i => userIds.length === 0 || i.assignments.some((a: Obj) => userIds.includes(a.assignee.id)))
      return page('incidents', items, q)
    }
    if (method === 'PUT' && path === '/incidents') {
      const who = requester(headers); if ('status' in who && typeof who.status === 'number') return who as Reply
      const bad = op('updateIncidents'); if (bad != null) return bad
      const missing = (body.incidents as Obj[]).filter(u => findIncident(u.id) == null).map(u => `Incident ${u.id} Not Found`)
      if (missing.length > 0) return error(404, 'Not Found', missing, 2100)
      const updated = (body.incidents as Obj[]).map(u => {
        const i = findIncident(u.id)!
        if (u.status === 'acknowledged' && i.status === 'triggered') {
          Object.assign(i, { status: 'acknowledged', acknowledgements: [...i.acknowledgements, { at: isoNow(), acknowledger: reference('user', who) }] })
        }
        if (u.status === 'resolved') Object.assign(i, { status: 'resolved', assignments: [], alert_counts: { all: 1, triggered: 0, resolved: 1 } })
        Object.assign(i, { updated_at: isoNow(), last_status_change_at: isoNow() })
        return i
      })
      return { status: 200, body: { incidents: updated } }
    }
    if (method === 'POST' && path === '/incidents') {
      const who = requester(headers); if ('status' in who && typeof who.status === 'number') return who as Reply
      const bad = op('createIncident'); if (bad != null) return bad
      const input = body.incident as Obj
      const service = state.services.find(s => s.id === input.service.id)
      if (service == null) return error(400, 'Invalid Input Provided', ['Service Not Found'])
      let assignee = input.assignments?.[0]?.assignee?.id as string | undefined
      const policyId = (input.escalation_policy?.id ?? service.escalation_policy.id) as string
      if (assignee == null) assignee = overlapping(finalShifts(state), now(), now()).find(s => s.escalation_policy.id === policyId && s.escalation_level === 1)?.user.id
      const user = state.users.find(u => u.id === assignee)
      if (assignee != null && user == null) return error(400, 'Invalid Input Provided', ['Assignee Not Found'])
      const number = Math.max(0, ...state.incidents.map(i => i.incident_number)) + 1
      const id = newId('PNEW')
      const policy = state.escalation_policies.find(e => e.id === policyId)!
      const created = { ...structuredClone(state.incidents[0]), id, incident_number: number, title: input.title, summary: `[#${number}] ${input.title}`,
        status: 'triggered', incident_key: id.toLowerCase(), self: `${API}/incidents/${id}`, html_url: `${WEB}/incidents/${id}`,
        created_at: isoNow(), updated_at: isoNow(), last_status_change_at: isoNow(), service: reference('service', service, 'service-directory'),
        escalation_policy: reference('escalation_policy', policy), assigned_via: input.assignments != null ? 'direct_assignment' : 'escalation_policy',
        assignments: user != null ? [{ at: isoNow(), assignee: reference('user', user) }] : [], acknowledgements: [], alert_counts: { all: 0, triggered: 0, resolved: 0 } }
      state.incidents.push(created)
      return { status: 201, body: { incident: created } }
    }
    if ((m = /^\/incidents\/([^/]+)$/.exec(path)) != null && method === 'GET') {
      const i = findIncident(m[1])
      return i == null ? error(404, 'Not Found', [], 2100) : { status: 200, body: { incident: i } }
    }
    if ((m = /^\/incidents\/([^/]+)\/notes$/.exec(path)) != null) {
      const i = findIncident(m[1]); if (i == null) return error(404, 'Not Found', [], 2100)
      if (method === 'GET') return { status: 200, body: { notes: state.notes[i.id] ?? [] } }
      const who = requester(headers); if ('status' in who && typeof who.status === 'number') return who as Reply
      const bad = op('createIncidentNote'); if (bad != null) return bad
      const note = { ...structuredClone(state.notes.PINC101[0]), id: newId('PN'), user: reference('user', who), content: (body.note as Obj).content, created_at: isoNow(), updated_at: isoNow() }
      ;(state.notes[i.id] ??= []).push(note)
      return { status: 200, body: { note } }
    }
    if (method === 'POST' && path === '/maintenance_windows') {
      const who = requester(headers); if ('status' in who && typeof who.status === 'number') return who as Reply
      const bad = op('createMaintenanceWindow'); if (bad != null) return bad
      const input = body.maintenance_window as Obj
      const services = (input.services as Obj[]).map(s => state.services.find(x => x.id === s.id))
      if (services.some(s => s == null)) return error(400, 'Invalid Input Provided', ['Service Not Found'])
      const id = newId('PMW')
      const window = { ...structuredClone(state.templates.maintenance_window), id, summary: input.description ?? '', description: input.description ?? '',
        self: `${API}/maintenance_windows/${id}`, html_url: `${WEB}/service-directory/maintenance-windows/${id}`, sequence_number: state.maintenance_windows.length + 1,
        start_time: input.start_time, end_time: input.end_time, services: services.map(s => reference('service', s!, 'service-directory')), created_by: reference('user', who) }
      state.maintenance_windows.push(window)
      return { status: 201, body: { maintenance_window: window } }
    }
    if (method === 'GET' && path === '/schedules') return page('schedules', byQuery(state.schedules, q), q)
    if ((m = /^\/schedules\/([^/]+)$/.exec(path)) != null && method === 'GET') {
      const s = state.schedules.find(x => x.id === m![1]); if (s == null) return error(404, 'Not Found', [], 2100)
      const until = q.get('until') != null ? Date.parse(q.get('until')!) : now() + 14 * 86_400_000
      const since = q.get('since') != null ? Date.parse(q.get('since')!) : until - 14 * 86_400_000
      if (Number.isNaN(since) || Number.isNaN(until)) return error(400, 'Invalid Input Provided', ['since and until must be ISO 8601 times'])
      const entries = overlapping(finalShifts(state, s.id), since, until)
        .map(e => { const c = clip(e, since, until); return { start: c.start, end: c.end, user: e.user } })
      return { status: 200, body: { schedule: { ...s, final_schedule: { name: 'Final Schedule', rendered_schedule_entries: entries } } } }
    }
    if ((m = /^\/schedules\/([^/]+)\/overrides$/.exec(path)) != null && method === 'POST') {
      const s = state.schedules.find(x => x.id === m![1]); if (s == null) return error(404, 'Not Found', [], 2100)
      const bad = op('createScheduleOverride'); if (bad != null) return bad
      return {
        status: 201,
        body: (body.overrides as Obj[]).map(o => {
          const user = state.users.find(u => u.id === o.user.id)
          if (user == null) return { status: 400, errors: ['User not found'], override: o }
          if (Date.parse(o.end) <= Date.parse(o.start)) return { status: 400, errors: ['Override must end after its start'], override: o }
          const override = { id: newId('Q'), start: o.start, end: o.end, user: reference('user', user) }
          state.overrides.push({ ...override, schedule_id: s.id })
          return { status: 201, override }
        })
      }
    }
    if (method === 'GET' && path === '/oncalls') {
      const since = q.get('since') != null ? Date.parse(q.get('since')!) : now()
      const until = q.get('until') != null ? Date.parse(q.get('until')!) : since
      const [scheduleIds, userIds, policyIds] = ['schedule_ids[]', 'user_ids[]', 'escalation_policy_ids[]'].map(k => q.getAll(k))
      let items = overlapping(finalShifts(state), since, until)
        .filter(o => scheduleIds.length === 0 || scheduleIds.includes(o.schedule?.id))
        .filter(o => userIds.length === 0 || userIds.includes(o.user.id))
        .filter(o => policyIds.length === 0 || policyIds.includes(o.escalation_policy.id))
      if (q.get('earliest') === 'true') {
        const seen = new Set<string>()
        items = items.filter(o => { const k = `${o.escalation_policy.id}/${o.escalation_level}/${o.user.id}`; if (seen.has(k)) return false; seen.add(k); return true })
      }
      return page('oncalls', items, q)
    }
    if (method === 'GET' && path === '/services') return page('services', byQuery(state.services, q), q)
    if (method === 'GET' && path === '/users') return page('users', byQuery(state.users, q, ['name', 'email']), q)
    if (method === 'GET' && path === '/escalation_policies') return page('escalation_policies', byQuery(state.escalation_policies, q), q)
    return error(404, 'Not Found', [`no route ${method} ${path}`], 2100)
  }

  function bySpec (method: string, path: string, body: unknown): Reply | null {
    if (spec == null || method === 'GET') return null
    const problems = specBodyProblems(spec, method, path, body)
    return problems.length > 0 ? error(400, 'Invalid Input Provided', problems) : null
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake')
      const text = Buffer.concat(chunks).toString()
      let body: unknown = null
      let reply: Reply
      try { body = text === '' ? null : JSON.parse(text) } catch { body = text }
      requests.push({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body })
      const failure = failures.shift()
      if (failure === 'hang') return // never answered; close() destroys the socket
      if (failure === 'hang-body') { res.writeHead(200, { 'content-type': 'application/json' }); res.write('{"users": ['); return }
      if (failure != null) reply = { status: failure.status, headers: failure.headers, body: failure.body ?? { error: { message: http.STATUS_CODES[failure.status], code: failure.status === 429 ? 2020 : 2006 } } }
      else if (req.headers.authorization !== `Token token=${token}`) reply = error(401, 'Unauthorized', [], 2006)
      else if (req.method !== 'GET' && typeof body === 'string') reply = error(400, 'Invalid Input Provided', ['body is not JSON'])
      else reply = bySpec(req.method ?? 'GET', url.pathname, body) ?? route(req.method ?? 'GET', url.pathname, url.searchParams, req.headers, (body ?? {}))
      responses.push({ method: req.method ?? 'GET', path: url.pathname, status: reply.status, body: reply.body })
      res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...reply.headers })
      res.end(reply.body === undefined ? '' : JSON.stringify(reply.body))
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    get state () { return state },
    requests,
    responses,
    failNext (failure, times = 1) { for (let i = 0; i < times; i++) failures.push(failure) },
    reset () { state = seedState(); requests.length = 0; responses.length = 0; failures.length = 0 },
    close: () => new Promise<void>(resolve => { server.closeAllConnections(); server.close(() => resolve()) })
  }
}
