// The one fetch every vendor client goes through: adds the vendor's auth headers, bounds
// each request with a timeout (the body is read under it too, so a stalled body is a
// timeout), waits out a 429 for as long as the vendor asks (a few times, up to a cap), and
// turns every other non-2xx status into a ServiceError with a chat sentence naming the
// vendor. Logs carry the method, path and status only: never a header or the query
// string (it can carry emails and searches), and vendor text has the credentials removed.
import type { Logger } from '../../core/log.ts'
import { ServiceError, type ServiceErrorCode } from '../../core/errors.ts'
import { redactSecrets } from '../../core/redact.ts'
import { systemClock, type Clock } from '../../core/clock.ts'
import { createTurns } from '../../core/turns.ts'
import { retryWaitMs, shouldWaitOut, type RateLimitPolicy } from './retry-wait.ts'
import { fetchBuffered } from './buffered-fetch.ts'

export interface TransportOptions {
  /** The vendor's name as chat shows it: "PagerDuty", "Zendesk". */
  vendor: string
  fetch: typeof fetch
  log: Logger
  timeoutMs: number
  /** Sets auth and content headers on each request. */
  prepare: (headers: Headers) => void
  /** Literal credentials, removed from any vendor text that reaches a log or chat. */
  secrets: string[]
  /** What a 401/403 means, for chat: "rejected the API key (HUBOT_X_TOKEN)". */
  authFailure: string
  /** The vendor's reason from a parsed error body; shown on a 4xx other than auth. */
  errorDetail?: (body: unknown) => string
  /** Time for 429 waits, HTTP dates and request durations; tests inject a manual clock. */
  clock?: Clock
  /** A 429 asking for a longer wait than this is reported instead of waited out; default 20 s. */
  maxRetryWaitMs?: number
  /** 429s one request waits out; default 2. */
  maxRetries?: number
}

/** What a vendor's transport takes from its caller; the vendor adds its name, auth and error reading. */
export type VendorTransportOptions = Pick<TransportOptions, 'fetch' | 'log' | 'timeoutMs' | 'clock' | 'maxRetryWaitMs' | 'maxRetries'>

export type Transport = (request: Request) => Promise<Response>

export function createTransport (options: TransportOptions): Transport {
  const { vendor, log, timeoutMs } = options
  const clock = options.clock ?? systemClock
  const policy: RateLimitPolicy = { maxRetries: options.maxRetries ?? 2, maxRetryWaitMs: options.maxRetryWaitMs ?? 20_000 }
  const fail = (code: ServiceErrorCode, message: string, status?: number, cause?: unknown): ServiceError =>
    new ServiceError(vendor, code, message, { status, cause })
  // Answers landing together (a burst of commands) are handled one per event-loop turn.
  const turn = createTurns('turn')

  async function detailOf (response: Response): Promise<string> {
    if (options.errorDetail == null) return ''
    try {
      const text = options.errorDetail(await response.json()).slice(0, 2_000)
      // Vendor text can repeat what was sent (a 400 has quoted the API key).
      return redactSecrets(text, options.secrets).slice(0, 300)
    } catch { return '' }
  }

  return async (request: Request): Promise<Response> => {
    const headers = new Headers(request.headers)
    options.prepare(headers)
    // Only for logs; most requests log nothing, and many arrive at once in a burst.
    const pathOf = (): string => new URL(request.url).pathname
    // The headers go in the init, which fetch (Node's or the bot's own) takes over the
    // request's: no further copy is made. A body can be read once: an attempt sends a clone
    // of it, and the caller's request keeps the body for a retry after a 429. A body-less
    // request is sent as it is: fetch never consumes it.
    const hasBody = request.body != null
    for (let attempt = 0; ; attempt++) {
      const started = clock.now()
      let response: Response
      try {
        response = await fetchBuffered(options.fetch, hasBody ? request.clone() : request, { headers }, timeoutMs)
        const go = turn()
        if (go !== true) await go
      } catch (err) {
        const timedOut = (err as Error).name === 'TimeoutError' || (err as Error).name === 'AbortError'
        log.warn({ method: request.method, path: pathOf(), err }, `${vendor} request failed`)
        throw timedOut
          ? fail('timeout', `no answer within ${Math.round(timeoutMs / 100) / 10} s`, undefined, err)
          : fail('network', 'could not connect', undefined, err)
      }
      if (log.isLevelEnabled('debug')) log.debug({ method: request.method, path: pathOf(), status: response.status, ms: clock.now() - started }, `${vendor} request`)
      if (response.ok) return response
      if (response.status === 429) {
        const waitMs = retryWaitMs(response.headers, clock.now())
        if (shouldWaitOut(policy, attempt, waitMs)) {
          log.info({ path: pathOf(), wait_ms: waitMs, attempt }, `${vendor} rate limit: waiting`)
          await clock.sleep(waitMs)
          continue
        }
        throw fail('rate_limited', `it is rate limiting the bot (its limit resets in ${Math.ceil(waitMs / 1000)} s)`, 429)
      }
      const detail = await detailOf(response)
      if (response.status === 401 || response.status === 403) throw fail('auth', `${options.authFailure} (HTTP ${response.status})`, response.status)
      if (response.status === 404) throw fail('not_found', 'not found', 404)
      if (response.status >= 500) throw fail('server', `it answered HTTP ${response.status}`, response.status)
      throw fail('bad_request', `it refused the request (HTTP ${response.status}${detail !== '' ? `: ${detail}` : ''})`, response.status)
    }
  }
}
