// The fetch that openapi-fetch calls: adds PagerDuty's auth and version headers, bounds
// every request with a timeout, waits out 429s (PagerDuty's `ratelimit-reset` header, in
// seconds) a few times, and turns every non-2xx status into a ServiceError with a chat
// sentence. Nothing here logs the token or the query string (it can carry emails).
import type { Logger } from '../../core/log.ts'
import { ServiceError } from '../../core/errors.ts'
import { redactLiterals, scrubSecrets } from '../../core/redact.ts'

export interface TransportOptions {
  token: string
  fetch: typeof fetch
  log: Logger
  timeoutMs: number
  /** Injected so tests never wait; default real timers. */
  sleep?: (ms: number) => Promise<void>
  /** A 429 asking for a longer wait than this is reported instead of waited out. */
  maxRetryWaitMs?: number
  maxRetries?: number
}

const realSleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))
const fail = (code: ConstructorParameters<typeof ServiceError>[1], message: string, status?: number, cause?: unknown): ServiceError =>
  new ServiceError('PagerDuty', code, message, { status, cause })

// PagerDuty's own reason, for chat. It is vendor text and can repeat what was sent (a 400
// has quoted the API key): the key itself and anything shaped like a secret are redacted
// here, where the text is built, so neither the log nor chat ever holds it.
async function errorDetail (response: Response, token: string): Promise<string> {
  try {
    const body = await response.json() as { error?: { message?: unknown, errors?: unknown } }
    const message = typeof body.error?.message === 'string' ? body.error.message : ''
    const errors = Array.isArray(body.error?.errors) ? body.error.errors.filter(e => typeof e === 'string') : []
    const detail = [message, ...errors].filter(Boolean).join(': ').slice(0, 2_000)
    return scrubSecrets(redactLiterals(detail, [token])).slice(0, 300)
  } catch { return '' }
}

export function createTransport (options: TransportOptions): (request: Request) => Promise<Response> {
  const { token, log, timeoutMs } = options
  const sleep = options.sleep ?? realSleep
  const maxWait = options.maxRetryWaitMs ?? 20_000
  const maxRetries = options.maxRetries ?? 2

  return async (original: Request): Promise<Response> => {
    const headers = new Headers(original.headers)
    headers.set('Authorization', `Token token=${token}`)
    headers.set('Accept', 'application/vnd.pagerduty+json;version=2')
    const request = new Request(original, { headers })
    const path = new URL(request.url).pathname
    for (let attempt = 0; ; attempt++) {
      const started = Date.now()
      let response: Response
      try {
        const answer = await options.fetch(request.clone(), { signal: AbortSignal.timeout(timeoutMs) })
        // The body is read here, under the same timeout, so a stalled body is a timeout too.
        response = new Response(answer.status === 204 ? null : await answer.arrayBuffer(), { status: answer.status, statusText: answer.statusText, headers: answer.headers })
      } catch (err) {
        const timedOut = (err as Error).name === 'TimeoutError' || (err as Error).name === 'AbortError'
        log.warn({ method: request.method, path, err }, 'PagerDuty request failed')
        throw timedOut
          ? fail('timeout', `no answer within ${Math.round(timeoutMs / 100) / 10} s`, undefined, err)
          : fail('network', 'could not connect', undefined, err)
      }
      log.debug({ method: request.method, path, status: response.status, ms: Date.now() - started }, 'PagerDuty request')
      if (response.ok) return response
      if (response.status === 429) {
        const waitMs = Math.max(0, Number(response.headers.get('ratelimit-reset') ?? '1') || 0) * 1000
        if (attempt < maxRetries && waitMs <= maxWait) {
          log.info({ path, waitMs, attempt }, 'PagerDuty rate limit: waiting')
          await sleep(waitMs)
          continue
        }
        throw fail('rate_limited', `it is rate limiting the bot (its limit resets in ${Math.ceil(waitMs / 1000)} s)`, 429)
      }
      const detail = await errorDetail(response, token)
      if (response.status === 401 || response.status === 403) throw fail('auth', `rejected the API key (HTTP ${response.status})`, response.status)
      if (response.status === 404) throw fail('not_found', 'not found', 404)
      if (response.status >= 500) throw fail('server', `it answered HTTP ${response.status}`, response.status)
      throw fail('bad_request', `it refused the request (HTTP ${response.status}${detail !== '' ? `: ${detail}` : ''})`, response.status)
    }
  }
}
