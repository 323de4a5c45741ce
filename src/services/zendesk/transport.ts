// Zendesk's use of the shared vendor transport, shaped as node-zendesk's transportConfig.
// node-zendesk on its own has no timeout, resolves a 429 with an Error object as if it were
// the answer, and rethrows other failures as a plain Error without the status. Given this
// transportFn, every request it makes goes through services/http/transport.ts instead
// (timeout with the body read under it, 429 waited out after Retry-After up to a cap, any
// other non-2xx a ServiceError naming Zendesk), so none of that reaches node-zendesk.
import { createTransport, type VendorTransportOptions } from '../http/transport.ts'

export type ZendeskAuth =
  | { kind: 'token', email: string, apiToken: string }
  | { kind: 'oauth', oauthToken: string }

export interface ZendeskTransportOptions extends VendorTransportOptions {
  auth: ZendeskAuth
}

/** What node-zendesk passes its transportFn: the options it built for one request. */
interface ZendeskRequestInit { method: string, headers: Record<string, string>, body?: string }

/** The variables behind the credentials in use, for the 401/403 sentence. */
export function authVariables (auth: ZendeskAuth): string {
  return auth.kind === 'oauth' ? 'HUBOT_ZENDESK_OAUTH_TOKEN' : 'HUBOT_ZENDESK_EMAIL and HUBOT_ZENDESK_TOKEN'
}

/** The literal secrets: the tokens and the Basic credential built from them. */
export function secretsOf (auth: ZendeskAuth): string[] {
  if (auth.kind === 'oauth') return [auth.oauthToken]
  return [auth.apiToken, Buffer.from(`${auth.email}/token:${auth.apiToken}`).toString('base64')]
}

// Zendesk's error bodies: { error, description } (search, tickets), { error: { title,
// message } } (some endpoints) and { errors: [{ title }] } (rate limits).
function zendeskReason (body: unknown): string {
  const b = body as { error?: unknown, description?: unknown, errors?: unknown } | null
  const nested = b?.error as { title?: unknown, message?: unknown } | null | undefined
  const parts = typeof b?.error === 'string'
    ? [b.error, b.description]
    : [nested?.title, nested?.message, ...(Array.isArray(b?.errors) ? b.errors.map((e: { title?: unknown }) => e?.title) : [])]
  return parts.filter((p): p is string => typeof p === 'string' && p !== '').join(': ')
}

export interface TransportConfig {
  transportFn: (uri: string, init: ZendeskRequestInit) => Promise<Response>
  responseAdapter: (response: Response) => unknown
}

export function zendeskTransportConfig (options: ZendeskTransportOptions): TransportConfig {
  const transport = createTransport({
    vendor: 'Zendesk',
    fetch: options.fetch,
    log: options.log,
    timeoutMs: options.timeoutMs,
    clock: options.clock,
    maxRetryWaitMs: options.maxRetryWaitMs,
    maxRetries: options.maxRetries,
    secrets: secretsOf(options.auth),
    authFailure: `rejected the bot's credentials or their access (check ${authVariables(options.auth)}; the user must be an agent who can see tickets)`,
    errorDetail: zendeskReason,
    // node-zendesk has set Authorization (Basic email/token:API token, or Bearer) already.
    prepare: (headers) => { headers.set('Accept', 'application/json') }
  })
  return {
    transportFn: async (uri: string, init: ZendeskRequestInit): Promise<Response> =>
      await transport(new Request(uri, { method: init.method, headers: init.headers, body: init.body })),
    // What node-zendesk reads of an answer. Retry-After is hidden: node-zendesk turns any
    // answer carrying it into an Error returned as the result, and a 429 never gets here.
    responseAdapter: (response: Response) => ({
      status: response.status,
      statusText: response.statusText,
      json: async () => await response.json() as unknown,
      headers: { get: (name: string) => name.toLowerCase() === 'retry-after' ? null : response.headers.get(name) }
    })
  }
}
