// createZendeskClient: node-zendesk 6 (the design's choice), wrapped. Everything injected
// (API base, credentials, fetch, logger, timeout, clock); every request goes through the
// shared vendor transport (transport.ts), so each method is exactly one request and every
// failure is a ServiceError (or a BotError saying which setting to fix).
//   count:  node-zendesk's search.showResultsCount  -> GET /search/count
//   ticket: node-zendesk's tickets.show with the users sideload -> GET /tickets/{id}?include=users
//   search: node-zendesk's transporter.request -> GET /search?query=&sort_by=&sort_order=&per_page=
// The search goes through the transporter's raw request because node-zendesk's search
// helpers keep only `results` and drop `count` (a second request would be needed for the
// total), and take no sort or page size. node-zendesk encodes each query value itself but
// joins path segments as given: the only one we pass, a ticket id, is a checked number.
import { createRequire } from 'node:module'
import type { z } from 'zod'
import { BotError, ServiceError } from '../../core/errors.ts'
import { zendeskTransportConfig, type ZendeskTransportOptions } from './transport.ts'
import { zendeskSchemas, type Ticket, type TicketPage } from './types.ts'

// node-zendesk is loaded by the first client made (Zendesk configured), not with this module.
const load = createRequire(import.meta.url)

/** The transport's options (passed on to it as they are) and the API base. */
export interface ZendeskClientOptions extends ZendeskTransportOptions {
  apiUrl: string
}

export interface ZendeskClient {
  /** How many tickets match a search query. */
  countTickets (query: string): Promise<number>
  /** The first `limit` tickets matching `query`, most recently updated first, and the total. */
  searchTickets (query: string, limit: number): Promise<TicketPage>
  /** One ticket, with its requester and assignee (names from the users sideload). */
  showTicket (id: number): Promise<Ticket>
}

function parse<S extends z.ZodType> (schema: S, body: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(body)
  if (!result.success) throw new ServiceError('Zendesk', 'server', `its answer to ${what} was not what the API documents`)
  return result.data
}

export function createZendeskClient (options: ZendeskClientOptions): ZendeskClient {
  const log = options.log.child({ service: 'zendesk' })
  const auth = options.auth
  const zendesk = load('node-zendesk') as typeof import('node-zendesk')
  const api = zendesk.createClient({
    endpointUri: options.apiUrl,
    ...(auth.kind === 'oauth' ? { token: auth.oauthToken, useOAuth: true } : { username: auth.email, token: auth.apiToken }),
    // Our ServiceError, not node-zendesk's "Request processing failed" Error without a status.
    throwOriginalException: true,
    // node-zendesk logs only with debug on; if it ever does, it is through pino.
    logger: log,
    transportConfig: zendeskTransportConfig({ ...options, log })
  })
  api.tickets.setSideLoad(['users'])

  // A 404 from a search means the API base is wrong, not that nothing matched.
  const searching = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call()
    } catch (err) {
      if (err instanceof ServiceError && err.code === 'not_found') {
        throw new BotError('not_configured', 'Zendesk has no search API at the configured address: check HUBOT_ZENDESK_SUBDOMAIN or HUBOT_ZENDESK_URL (the API base ending in /api/v2)')
      }
      throw err
    }
  }

  return {
    async countTickets (query) {
      const { result } = await searching(async () => await api.search.showResultsCount(query))
      return parse(zendeskSchemas().count, result, 'a count').count
    },

    async searchTickets (query, limit) {
      const params = { query, sort_by: 'updated_at', sort_order: 'desc', per_page: limit }
      const { result } = await searching(async () => await api.search.transporter.request('GET', ['search', params]))
      const page = parse(zendeskSchemas().search, result, 'a search')
      // A search for type:ticket answers tickets only; anything else is dropped, not shown wrong.
      const tickets = page.results.filter(r => r.result_type === 'ticket').map(r => parse(zendeskSchemas().ticket, r, 'a search'))
      return { tickets, count: page.count }
    },

    async showTicket (id) {
      const { result } = await api.tickets.show(id)
      return parse(zendeskSchemas().ticket, result, `ticket #${id}`)
    }
  }
}
