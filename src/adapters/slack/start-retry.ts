// Start-up calls to Slack (auth.test, apps.connections.open, users.list) are retried here,
// a bounded number of times with doubling waits, each retry logged with its reason; then
// start-up fails with a sentence, so the process exits non-zero and its supervisor can
// restart it. Left to the SDKs, a Slack answering 500 kept the process neither running
// nor exiting for minutes (the Web API client retries for five minutes, Socket Mode's
// apps.connections.open a hundred times). Waits go through the bot's Clock, so tests run
// them in virtual time.
import type { Clock } from '../../core/clock.ts'
import type { Logger } from '../../core/log.ts'
import { scrubSecrets } from '../../core/log.ts'
import { retryAfterSecondsMs } from '../../services/http/retry-wait.ts'

export interface StartRetryOptions {
  /** Calls in all, the first included; default 5. */
  attempts?: number
  /** The wait after the first failure, doubled after each next one; default 1000 ms. */
  firstDelayMs?: number
  /** No wait is longer than this; default 8000 ms (so five attempts take about 15 s). */
  maxDelayMs?: number
}

interface Failure { reason: string, retry: boolean, waitMs?: number }

// Platform errors (HTTP 200, ok: false) that say "try again", not "fix your setup".
const TRANSIENT = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'ratelimited'])

/** Why a @slack/web-api (or Socket Mode) call failed, in words without tokens, and whether to retry. */
export function slackFailure (err: unknown): Failure {
  const e = (err ?? {}) as { code?: string, statusCode?: number, retryAfter?: number, data?: { error?: string }, original?: { code?: string, message?: string }, message?: string }
  switch (e.code) {
    case 'slack_webapi_platform_error':
      return { reason: String(e.data?.error ?? 'unknown_error'), retry: TRANSIENT.has(String(e.data?.error)) }
    case 'slack_webapi_http_error':
      return { reason: `HTTP ${e.statusCode ?? '?'}`, retry: (e.statusCode ?? 0) >= 500 || e.statusCode === 408 }
    case 'slack_webapi_rate_limited_error':
      return { reason: `rate limited for ${e.retryAfter ?? '?'} s`, retry: true, waitMs: retryAfterSecondsMs(e.retryAfter) }
    case 'slack_webapi_request_error':
      return { reason: `network: ${scrubSecrets(e.original?.code ?? e.original?.message ?? 'request failed')}`, retry: true }
    default:
      // Socket Mode's own failures (the WebSocket closing before hello, ...): worth another try.
      return { reason: scrubSecrets(e.message ?? String(err)).slice(0, 200), retry: true }
  }
}

/** Thrown when a start-up call is refused for good (a bad token, a missing scope). */
export class SlackRefusedError extends Error {
  constructor (readonly method: string, readonly reason: string, options: { cause: unknown }) {
    super(`Slack refused ${method} (${reason})`, options)
    this.name = 'SlackRefusedError'
  }
}

export interface StartRetryContext extends StartRetryOptions {
  log: Logger
  clock: Clock
  /** True once the adapter is closing: no more attempts. */
  stopped?: () => boolean
  /** false: a 429 is thrown as it came, for a caller that waits rate limits out itself. */
  retryRateLimits?: boolean
}

export async function withStartRetry<T> (method: string, call: () => Promise<T>, o: StartRetryContext): Promise<T> {
  const attempts = Math.max(1, o.attempts ?? 5)
  let delay = o.firstDelayMs ?? 1000
  const maxDelay = o.maxDelayMs ?? 8000
  for (let attempt = 1; ; attempt++) {
    try {
      return await call()
    } catch (err) {
      const failure = slackFailure(err)
      if (o.retryRateLimits === false && (err as { code?: string }).code === 'slack_webapi_rate_limited_error') throw err
      if (!failure.retry) throw new SlackRefusedError(method, failure.reason, { cause: err })
      if (attempt >= attempts || o.stopped?.() === true) {
        throw new Error(`Slack did not answer ${method} at start-up: ${attempt} attempts failed (last: ${failure.reason}). Check https://slack-status.com and HUBOT_SLACK_API_URL, then start the bot again.`, { cause: err })
      }
      const waitMs = Math.min(Math.max(delay, failure.waitMs ?? 0), Math.max(maxDelay, failure.waitMs ?? 0))
      o.log.warn({ slack_method: method, attempt, attempts, reason: failure.reason, wait_ms: waitMs }, `Slack start-up: ${method} failed (${failure.reason}); retrying in ${waitMs} ms (attempt ${attempt} of ${attempts})`)
      await o.clock.sleep(waitMs)
      delay = Math.min(delay * 2, maxDelay)
    }
  }
}
