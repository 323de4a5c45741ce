// octokit's errors as chat sentences. Every failure is answered (hubot's github-pulls
// logged errors and said nothing): a rejected token, a repository that does not exist or
// that the token cannot see (GitHub answers 404 for both, on purpose), a rate limit with
// the time it resets, a 5xx, a timeout, no connection. GitHub's own words appear only with
// the token and anything shaped like a secret removed. Sentences say "the token can't":
// chat redaction reads "token" followed by a word of six letters or more as a credential.
import type { RequestError } from 'octokit'
import { BotError, ServiceError } from '../../core/errors.ts'
import { redactSecrets } from '../../core/redact.ts'
import { retryWaitMs } from '../http/retry-wait.ts'
import { GitHubTimeout } from './fetch.ts'

export interface ErrorContext {
  /** What a 404 (or a search naming nothing GitHub can see) means for this call. */
  notFound: string
  nowMs: number
  secrets: readonly string[]
}

type Headers_ = Record<string, string | number | undefined>

/** GitHub's message (and its errors' messages) from an error body, scrubbed and cut short. */
function detailOf (data: unknown, secrets: readonly string[]): string {
  const body = data as { message?: unknown, errors?: Array<{ message?: unknown }> } | null
  const parts = [body?.message, ...(Array.isArray(body?.errors) ? body.errors.map(e => e?.message) : [])]
    .filter((p): p is string => typeof p === 'string' && p !== '')
  return redactSecrets(parts.join(': ').slice(0, 1_000), secrets).slice(0, 200)
}

/** When a wait of `ms` from `nowMs` ends: "in 40 s", or "at 12:47 UTC (in 47 min)" (the minute rounded up). */
export function resetPhrase (nowMs: number, ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000))
  if (seconds < 90) return `in ${seconds} s`
  const at = new Date(Math.ceil((nowMs + ms) / 60_000) * 60_000).toISOString().slice(11, 16)
  return `at ${at} UTC (in ${Math.ceil(seconds / 60)} min)`
}

function rateLimitError (err: RequestError, headers: Headers_, nowMs: number): BotError | null {
  const message = err.message
  const secondary = /secondary rate limit/i.test(message) || (err.status === 429 && headers['x-ratelimit-remaining'] !== '0')
  const primary = headers['x-ratelimit-remaining'] === '0' || /API rate limit exceeded/i.test(message)
  if (!(err.status === 403 || err.status === 429) || !(primary || secondary)) return null
  const h = new Headers(Object.entries(headers).flatMap(([k, v]): Array<[string, string]> => v == null ? [] : [[k, String(v)]]))
  if (secondary) {
    // Without retry-after GitHub asks for at least a minute (its docs); x-ratelimit-reset
    // there is the primary window's, not this one's.
    const ms = h.has('retry-after') ? retryWaitMs(new Headers({ 'retry-after': h.get('retry-after')! }), nowMs) : 60_000
    return new BotError('unavailable', `GitHub asked the bot to slow down (its secondary rate limit): try again ${resetPhrase(nowMs, ms)}.`)
  }
  const which = headers['x-ratelimit-resource'] === 'search' ? 'search rate limit' : 'API rate limit'
  const when = h.has('x-ratelimit-reset') ? `it resets ${resetPhrase(nowMs, retryWaitMs(h, nowMs))}` : 'try again later'
  return new BotError('unavailable', `GitHub's ${which} for the bot's token is used up: ${when}.`)
}

/**
 * octokit's RequestError, known by its name and status rather than by instanceof, so that
 * this module does not load octokit (the client loads it at its first request).
 */
export function isRequestError (err: unknown): err is RequestError {
  return err instanceof Error && err.name === 'HttpError' && typeof (err as { status?: unknown }).status === 'number'
}

export function gitHubError (err: unknown, ctx: ErrorContext): Error {
  if (err instanceof GitHubTimeout) {
    return new ServiceError('GitHub', 'timeout', `no answer within ${Math.round(err.timeoutMs / 100) / 10} s`, { cause: err })
  }
  if (!isRequestError(err)) return err instanceof Error ? err : new Error(String(err))
  const status = err.status
  // octokit reports a failed connection as a 500 with no response.
  if (err.response == null) return new ServiceError('GitHub', 'network', 'could not connect', { cause: err })
  const headers = (err.response.headers ?? {}) as Headers_
  const limited = rateLimitError(err, headers, ctx.nowMs)
  if (limited != null) return limited
  const detail = detailOf(err.response.data, ctx.secrets)
  const fail = (code: ConstructorParameters<typeof ServiceError>[1], sentence: string): ServiceError =>
    new ServiceError('GitHub', code, sentence, { status, cause: err })
  if (status === 401) return fail('auth', 'rejected the token (HUBOT_GITHUB_TOKEN)')
  if (status === 403) return fail('auth', `the token may not read this (HTTP 403${detail !== '' ? `: ${detail}` : ''})`)
  if (status === 404) return fail('not_found', ctx.notFound)
  // Search names nothing it can see with a 422, not a 404.
  if (status === 422 && /cannot be searched/i.test(detail)) return fail('not_found', ctx.notFound)
  if (status >= 500) return fail('server', `it answered HTTP ${status}`)
  return fail('bad_request', `it refused the request (HTTP ${status}${detail !== '' ? `: ${detail}` : ''})`)
}
