// How long a rate-limited answer asks us to wait, from whichever header the vendor uses:
// `Retry-After` (seconds or an HTTP date: RFC 9110 10.2.3; Zendesk, Slack, GitHub's
// secondary limit), `ratelimit-reset` (seconds: PagerDuty) or `x-ratelimit-reset` (epoch
// seconds: GitHub's primary limit). One second when none says.
export function retryWaitMs (headers: Headers, nowMs: number): number {
  const retryAfter = headers.get('retry-after')
  if (retryAfter != null) {
    const seconds = Number(retryAfter)
    if (Number.isFinite(seconds)) return Math.max(0, seconds) * 1000
    const date = Date.parse(retryAfter)
    if (Number.isFinite(date)) return Math.max(0, date - nowMs)
  }
  const reset = Number(headers.get('ratelimit-reset'))
  if (headers.has('ratelimit-reset') && Number.isFinite(reset)) return Math.max(0, reset) * 1000
  const epoch = Number(headers.get('x-ratelimit-reset'))
  if (headers.has('x-ratelimit-reset') && Number.isFinite(epoch)) return Math.max(0, epoch * 1000 - nowMs)
  return 1000
}

/** Seconds-based variant for SDKs that already parsed the header (Slack's retryAfter). */
export function retryAfterSecondsMs (seconds: number | undefined): number {
  return Math.max(1, seconds ?? 1) * 1000
}

/**
 * How much rate limiting one call waits out before it is reported as rate_limited: a
 * command should answer within a minute, and a wait longer than the cap is better told
 * to the user at once than slept through with the chat silent.
 */
export interface RateLimitPolicy {
  /** Waits (and so retries) one call may take. */
  maxRetries: number
  /** A single wait longer than this is not taken. */
  maxRetryWaitMs: number
}

/** Whether the call that just met its `attempt`-th 429 (0 for the first) waits `waitMs` and tries again. */
export function shouldWaitOut (policy: RateLimitPolicy, attempt: number, waitMs: number): boolean {
  return attempt < policy.maxRetries && waitMs <= policy.maxRetryWaitMs
}
