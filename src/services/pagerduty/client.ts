// createPagerDutyClient: typed PagerDuty REST v2 calls over openapi-fetch, everything
// injected (base URL for the EU region or a fake, token, fetch, logger, timeout). Every
// status is checked by the transport, which throws ServiceError. Lists follow `more` with
// limit=100 until the end (hubot-pager-me stopped at the first page: its #43, #96).
// Writes carry `From`: the caller's own email, so PagerDuty records who acted (#125).
import createClient from 'openapi-fetch'
import { BotError, ServiceError } from '../../core/errors.ts'
import type { Logger } from '../../core/log.ts'
import { systemClock, type Clock } from '../../core/clock.ts'
import type { paths } from './schema.gen.ts'
import { createTransport } from './transport.ts'

export type IncidentStatus = 'triggered' | 'acknowledged' | 'resolved'

export interface PagerDutyClientOptions {
  baseUrl: string
  token: string
  fetch: typeof fetch
  log: Logger
  timeoutMs: number
  /** Time: "now" for the commands, and the transport's 429 waits. */
  clock?: Clock
  maxRetryWaitMs?: number
  /** Pages of 100 a list may take; default 100 (PagerDuty's offset pagination ends at 10,000). */
  maxPages?: number
}

const PAGE = 100

export type Assignee = { userId: string } | { escalationPolicyId: string }

export function createPagerDutyClient (options: PagerDutyClientOptions) {
  const api = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    fetch: createTransport({ ...options, log: options.log.child({ service: 'pagerduty' }) })
  })
  const clock = options.clock ?? systemClock
  // Header params are optional in the normalised types; From goes in headers on every write.
  const from = (email: string) => ({ From: email })

  async function all<T> (page: (offset: number) => Promise<{ items: T[], more?: boolean | null }>): Promise<T[]> {
    const items: T[] = []
    const maxPages = options.maxPages ?? 100
    for (let n = 0; n < maxPages; n++) {
      // The next page starts where this one ended: PagerDuty may apply a lower limit than asked.
      const result = await page(items.length)
      items.push(...result.items)
      if (result.more !== true || result.items.length === 0) return items
    }
    // Past the cap, part of a list would be shown (or acted on, for ack!) as if it were all.
    options.log.warn({ pages: maxPages }, 'PagerDuty list longer than the page cap')
    throw new BotError('unavailable', `PagerDuty has more than ${maxPages * PAGE} of these; the bot will not act on or show part of them. Narrow the request.`)
  }

  const need = <T>(data: T | undefined): T => {
    // A 2xx without the body the operation declares (a 204, an empty answer): the vendor's fault.
    if (data === undefined) throw new ServiceError('PagerDuty', 'server', 'it answered without a body')
    return data
  }

  return {
    now: () => clock.now(),

    // date_range=all: without it PagerDuty searches only incidents created in the last month,
    // and an incident open longer than that would be missing from lists and from ack/resolve.
    listIncidents: (filter: { statuses: IncidentStatus[], userIds?: string[] }) => all(async offset => {
      const { data } = await api.GET('/incidents', { params: { query: { date_range: 'all', 'statuses[]': filter.statuses, 'user_ids[]': filter.userIds, limit: PAGE, offset } } })
      const d = need(data)
      return { items: d.incidents, more: d.more }
    }),

    /** By id or by number: PagerDuty accepts either in this path. */
    getIncident: async (idOrNumber: string | number) => {
      const { data } = await api.GET('/incidents/{id}', { params: { path: { id: String(idOrNumber) } } })
      return need(data).incident
    },

    updateIncidents: async (email: string, updates: Array<{ id: string, status: IncidentStatus }>) => {
      const done = []
      // PagerDuty takes at most 250 incidents per bulk update.
      for (let i = 0; i < updates.length; i += 250) {
        const incidents = updates.slice(i, i + 250).map(u => ({ id: u.id, type: 'incident_reference' as const, status: u.status }))
        const { data } = await api.PUT('/incidents', { headers: from(email), body: { incidents } })
        done.push(...need(data).incidents)
      }
      return done
    },

    createIncident: async (email: string, input: { title: string, serviceId: string, assignee: Assignee }) => {
      const assign = 'userId' in input.assignee
        ? { assignments: [{ assignee: { id: input.assignee.userId, type: 'user_reference' as const } }] }
        : { escalation_policy: { id: input.assignee.escalationPolicyId, type: 'escalation_policy_reference' as const } }
      const { data } = await api.POST('/incidents', {
        headers: from(email),
        body: { incident: { type: 'incident', title: input.title, service: { id: input.serviceId, type: 'service_reference' }, ...assign } }
      })
      return need(data).incident
    },

    listNotes: async (incidentId: string) => {
      const { data } = await api.GET('/incidents/{id}/notes', { params: { path: { id: incidentId } } })
      return need(data).notes
    },

    createNote: async (email: string, incidentId: string, content: string) => {
      const { data } = await api.POST('/incidents/{id}/notes', { params: { path: { id: incidentId } }, headers: from(email), body: { note: { content } } })
      return need(data).note
    },

    createMaintenanceWindow: async (email: string, input: { start: Date, end: Date, serviceIds: string[], description: string }) => {
      const { data } = await api.POST('/maintenance_windows', {
        headers: from(email),
        body: {
          maintenance_window: {
            type: 'maintenance_window',
            start_time: input.start.toISOString(),
            end_time: input.end.toISOString(),
            description: input.description,
            services: input.serviceIds.map(id => ({ id, type: 'service_reference' as const }))
          }
        }
      })
      return need(data).maintenance_window
    },

    listSchedules: (query?: string) => all(async offset => {
      const { data } = await api.GET('/schedules', { params: { query: { query, limit: PAGE, offset } } })
      const d = need(data)
      return { items: d.schedules, more: d.more }
    }),

    /** The final (rendered, overrides applied) shifts of a schedule in [since, until). */
    scheduleEntries: async (id: string, since: Date, until: Date) => {
      const { data } = await api.GET('/schedules/{id}', { params: { path: { id }, query: { since: since.toISOString(), until: until.toISOString() } } })
      const schedule = need(data).schedule
      return { schedule, entries: schedule.final_schedule?.rendered_schedule_entries ?? [] }
    },

    createOverride: async (email: string, scheduleId: string, input: { start: Date, end: Date, userId: string }) => {
      const { data } = await api.POST('/schedules/{id}/overrides', {
        params: { path: { id: scheduleId } },
        headers: from(email),
        body: { overrides: [{ start: input.start.toISOString(), end: input.end.toISOString(), user: { id: input.userId, type: 'user_reference' } }] }
      })
      // PagerDuty answers 201 for the request and gives each override its own status: a
      // refused one is a 400 inside the array, with its reasons (a ServiceError, so chat says why).
      const result = need(data)[0]
      if (result == null || (result.status != null && result.status >= 300)) {
        const why = (result?.errors ?? []).join('; ').slice(0, 300)
        throw new ServiceError('PagerDuty', 'bad_request', `it refused the override${why !== '' ? `: ${why}` : ''}`, { status: result?.status })
      }
      return result.override
    },

    listOnCalls: (filter: { scheduleIds?: string[], userIds?: string[], since?: Date, until?: Date, earliest?: boolean }) => all(async offset => {
      const { data } = await api.GET('/oncalls', {
        params: {
          query: {
            'schedule_ids[]': filter.scheduleIds,
            'user_ids[]': filter.userIds,
            since: filter.since?.toISOString(),
            until: filter.until?.toISOString(),
            earliest: filter.earliest,
            limit: PAGE,
            offset
          }
        }
      })
      const d = need(data)
      return { items: d.oncalls, more: d.more }
    }),

    listServices: (query?: string) => all(async offset => {
      const { data } = await api.GET('/services', { params: { query: { query, limit: PAGE, offset } } })
      const d = need(data)
      return { items: d.services, more: d.more }
    }),

    listUsers: (query?: string) => all(async offset => {
      const { data } = await api.GET('/users', { params: { query: { query, limit: PAGE, offset } } })
      const d = need(data)
      return { items: d.users, more: d.more }
    }),

    listEscalationPolicies: (query?: string) => all(async offset => {
      const { data } = await api.GET('/escalation_policies', { params: { query: { query, limit: PAGE, offset } } })
      const d = need(data)
      return { items: d.escalation_policies, more: d.more }
    })
  }
}

export type PagerDutyClient = ReturnType<typeof createPagerDutyClient>
