// Outgoing calls, one lane per channel: calls run in the order they were made, posts are
// spaced at least a second apart (Slack allows about one message per second per channel:
// https://docs.slack.dev/apis/web-api/rate-limits), nothing is dropped. A 429 is waited
// out as the vendor transport does (services/http: the wait Slack asks for, a capped
// number of times, no single wait over the cap); any other failure is logged with Slack's
// error code and rejected as a ServiceError whose sentence says what to do. Time is the
// bot's Clock, so tests do not wait real seconds.
import webApi from '@slack/web-api'
import type { Clock } from '../../core/clock.ts'
import { ServiceError, type ServiceErrorCode } from '../../core/errors.ts'
import type { Logger } from '../../core/log.ts'
import { retryAfterSecondsMs, shouldWaitOut, type RateLimitPolicy } from '../../services/http/retry-wait.ts'

// More retries than a vendor call gets: a reply is worth a few seconds' delay, and Slack's
// per-method limits reset within a minute, so a longer wait means Slack is refusing us.
const SLACK_RATE_LIMIT: RateLimitPolicy = { maxRetries: 5, maxRetryWaitMs: 60_000 }

export interface RateLimitOptions extends Partial<RateLimitPolicy> {
  clock: Clock
  log: Logger
}

export interface OutboxOptions extends RateLimitOptions {
  /** Minimum time between two posts in one channel. */
  intervalMs?: number
}

interface SlackErrorLike { code?: string, retryAfter?: number, data?: { error?: string, needed?: string } }

export class Outbox {
  private readonly lanes = new Map<string, Promise<unknown>>()
  private readonly lastPost = new Map<string, number>()
  private readonly intervalMs: number

  constructor (private readonly options: OutboxOptions) {
    this.intervalMs = options.intervalMs ?? 1000
  }

  /** Runs `call` after every earlier call for `channel`; `spaced` calls keep the interval. */
  async run<T> (channel: string, method: string, spaced: boolean, call: () => Promise<T>): Promise<T> {
    const { clock } = this.options
    const previous = this.lanes.get(channel) ?? Promise.resolve()
    const next = previous.catch(() => {}).then(async () => {
      if (spaced) {
        const wait = (this.lastPost.get(channel) ?? -Infinity) + this.intervalMs - clock.now()
        if (wait > 0) await clock.sleep(wait)
      }
      try {
        return await withRateLimitRetry(call, { ...this.options, method, channel })
      } finally {
        if (spaced) this.posted(channel, clock.now())
      }
    })
    this.lanes.set(channel, next)
    // Forget an idle lane so the map holds only channels with calls in flight.
    next.finally(() => { if (this.lanes.get(channel) === next) this.lanes.delete(channel) }).catch(() => {})
    return await next
  }

  // A channel's last post only matters for one interval; past that its entry is dropped,
  // so the map does not keep every channel (and DM) the bot ever posted to.
  private posted (channel: string, now: number): void {
    this.lastPost.delete(channel)
    this.lastPost.set(channel, now)
    for (const [other, at] of this.lastPost) {
      if (at + this.intervalMs > now) break // in order of posting: the rest are newer
      this.lastPost.delete(other)
    }
  }

  /** How many channels' last post times are kept (those that posted within the interval). */
  get spacedChannels (): number { return this.lastPost.size }

  /** How many channels still have calls queued or in flight. */
  get pending (): number { return this.lanes.size }

  /** Resolves once every queued call has settled, including calls queued meanwhile. */
  async idle (): Promise<void> {
    while (this.lanes.size > 0) await Promise.allSettled([...this.lanes.values()])
  }
}

/** Calls Slack, waiting out 429s as Slack asks (within the policy); other errors become a logged ServiceError. */
export async function withRateLimitRetry<T> (call: () => Promise<T>, o: RateLimitOptions & { method: string, channel?: string }): Promise<T> {
  const policy: RateLimitPolicy = { maxRetries: o.maxRetries ?? SLACK_RATE_LIMIT.maxRetries, maxRetryWaitMs: o.maxRetryWaitMs ?? SLACK_RATE_LIMIT.maxRetryWaitMs }
  for (let attempt = 0; ; attempt++) {
    try {
      return await call()
    } catch (err) {
      const e = err as SlackErrorLike
      const waitMs = e.code === webApi.ErrorCode.RateLimitedError ? retryAfterSecondsMs(e.retryAfter) : null
      if (waitMs != null && shouldWaitOut(policy, attempt, waitMs)) {
        o.log.warn({ method: o.method, channel: o.channel, retry_after_s: waitMs / 1000, attempt: attempt + 1 }, `Slack rate limited ${o.method}; retrying after ${waitMs / 1000}s`)
        await o.clock.sleep(waitMs)
        continue
      }
      throw slackFailure(err, o.log, o.method, o.channel)
    }
  }
}

const ADVICE: Record<string, [ServiceErrorCode, string]> = {
  not_in_channel: ['not_found', 'the bot is not in that channel: invite it with /invite @<bot>'],
  channel_not_found: ['not_found', 'Slack does not know that channel, or the bot cannot see it: check the channel id and invite the bot'],
  is_archived: ['bad_request', 'that channel is archived'],
  missing_scope: ['auth', 'the Slack app lacks a permission scope: add it under OAuth & Permissions and reinstall the app'],
  // No "token:" followed by a word: the redaction every chat sentence passes reads that as a secret.
  invalid_auth: ['auth', 'Slack rejected the bot token; check HUBOT_SLACK_BOT_TOKEN'],
  not_authed: ['auth', 'no Slack token was sent: set HUBOT_SLACK_BOT_TOKEN'],
  token_revoked: ['auth', 'the Slack bot token was revoked: reinstall the app and update HUBOT_SLACK_BOT_TOKEN'],
  message_not_found: ['not_found', 'the message to update no longer exists'],
  msg_too_long: ['bad_request', 'the message is too long for Slack'],
  ratelimited: ['rate_limited', 'Slack is rate limiting the bot']
}

function slackFailure (err: unknown, log: Logger, method: string, channel?: string): ServiceError {
  const e = err as SlackErrorLike
  const code = e.code === webApi.ErrorCode.RateLimitedError ? 'ratelimited' : (e.data?.error ?? e.code ?? 'unknown_error')
  const needed = e.data?.needed
  log.error({ err, method, channel, slack_error: code, needed }, `Slack ${method} failed: ${code}`)
  const [serviceCode, sentence] = ADVICE[code] ?? [e.code === webApi.ErrorCode.PlatformError ? 'bad_request' : 'network', `${method} failed (${code})`]
  const detail = code === 'missing_scope' && needed != null ? `${sentence} (needed: ${needed})` : sentence
  return new ServiceError('Slack', serviceCode, detail, { cause: err })
}
