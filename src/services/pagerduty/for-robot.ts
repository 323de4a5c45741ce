// One PagerDuty client per robot, built on first use from the bot context (config, fetch,
// logger, store, clock), with the lookups the commands share: names of schedules,
// services, users and escalation policies (cached in memory for a few minutes) and
// email -> PagerDuty user (cached in the shared store, with expiry, across processes).
import type { Robot, User as ChatUser } from 'hubot'
import { botContext } from '../../core/context.ts'
import { BotError, ServiceError } from '../../core/errors.ts'
import { createPagerDutyClient, type PagerDutyClient } from './client.ts'
import type { User } from './types.ts'

export const NOT_CONFIGURED = "PagerDuty isn't configured: set HUBOT_PAGERDUTY_API_KEY (PagerDuty > Integrations > API Access Keys)"
const NAME_TTL_MS = 5 * 60_000
/**
 * List calls remembered at most: their keys hold what was typed in chat, so without a cap
 * every new name asked for would stay in memory for good. The least recently used go first.
 */
export const NAME_CACHE_MAX = 500
const USER_TTL_MS = 60 * 60_000

export interface PagerDuty {
  client: PagerDutyClient
  serviceId: string | null
  fromEmail: string | null
  /** HUBOT_PAGERDUTY_SCHEDULES: ids or names limiting who's on call. */
  schedules: readonly string[]
  now (): number
  /** A list call, remembered for a few minutes by kind and query. */
  cached<T> (key: string, load: () => Promise<T>): Promise<T>
  /** The PagerDuty user with this email (exact match), or null. */
  userByEmail (email: string): Promise<User | null>
}

const instances = new WeakMap<Robot, PagerDuty>()

export function pagerDutyFor (robot: Robot): PagerDuty {
  const existing = instances.get(robot)
  if (existing != null) return existing
  const ctx = botContext(robot)
  const config = ctx.config.pagerduty
  if (!config.enabled) throw new BotError('not_configured', NOT_CONFIGURED)
  const client = createPagerDutyClient({ baseUrl: config.apiUrl, token: config.apiKey, fetch: ctx.fetch, log: ctx.log, timeoutMs: config.timeoutMs, clock: ctx.clock })
  const memory = new Map<string, { at: number, value: Promise<unknown> }>()

  const pd: PagerDuty = {
    client,
    serviceId: config.serviceId,
    fromEmail: config.fromEmail,
    schedules: config.schedules,
    now: () => ctx.clock.now(),
    async cached<T> (key: string, load: () => Promise<T>): Promise<T> {
      const now = ctx.clock.now()
      const hit = memory.get(key)
      if (hit != null) {
        // Out and back in: a Map iterates in insertion order, so the first key is the least recently used.
        memory.delete(key)
        if (now - hit.at < NAME_TTL_MS) {
          memory.set(key, hit)
          return await (hit.value as Promise<T>)
        }
      }
      const value = load()
      memory.set(key, { at: now, value })
      for (const oldest of memory.keys()) {
        if (memory.size <= NAME_CACHE_MAX) break
        memory.delete(oldest)
      }
      // A failure is not remembered (unless a newer load of the same key took its place meanwhile).
      value.catch(() => { if (memory.get(key)?.value === value) memory.delete(key) })
      return await value
    },
    async userByEmail (email) {
      const key = `pagerduty:user-by-email:${email.toLowerCase()}`
      const hit = await ctx.store.get<{ user: User | null }>(key)
      if (hit != null) return hit.user
      const users = await client.listUsers(email)
      const user = users.find(u => u.email?.toLowerCase() === email.toLowerCase()) ?? null
      await ctx.store.set(key, { user }, { ttlMs: user != null ? USER_TTL_MS : NAME_TTL_MS })
      return user
    }
  }
  instances.set(robot, pd)
  return pd
}

/** The caller's PagerDuty email: remembered (`pager me as`), else the chat profile's. */
export function callerEmail (user: ChatUser): string | null {
  const remembered = user.pagerdutyEmail
  if (typeof remembered === 'string' && remembered !== '') return remembered
  const profile = user.email_address
  return typeof profile === 'string' && profile !== '' ? profile : null
}

const TELL_ME = 'say "pager me as you@example.com" with your PagerDuty login email'

/** Who PagerDuty records as acting (the From header): the caller, else the configured requester. */
export function requesterEmail (pd: PagerDuty, user: ChatUser): string {
  const email = callerEmail(user) ?? pd.fromEmail
  if (email == null) throw new BotError('bad_input', `I don't know your PagerDuty email: ${TELL_ME} (or set HUBOT_PAGERDUTY_FROM_EMAIL).`)
  return email
}

/**
 * A write made as `from` (requesterEmail). When PagerDuty does not know the caller's own
 * email (a chat profile email that is not their PagerDuty login), say how to fix it instead
 * of "check the command". Never retried as the configured requester: that would record the
 * bot, not the caller, as acting (hubot-pager-me #125).
 */
export async function asRequester<T> (user: ChatUser, from: string, write: Promise<T>): Promise<T> {
  try {
    return await write
  } catch (err) {
    const unknown = err instanceof ServiceError && err.code === 'bad_request' && /Requester User Not Found/i.test(err.message)
    if (unknown && callerEmail(user) === from) {
      throw new BotError('not_found', `PagerDuty has no user with the email ${from}, so it cannot record you as the one acting: ${TELL_ME}.`)
    }
    throw err
  }
}

/** The caller's own email (remembered or profile), or a BotError saying how to give it. */
export function ownEmail (user: ChatUser): string {
  const email = callerEmail(user)
  if (email == null) throw new BotError('bad_input', `I don't know your PagerDuty email: ${TELL_ME}.`)
  return email
}

/** The caller's own PagerDuty user ("mine"); never the configured fallback requester. */
export async function me (pd: PagerDuty, user: ChatUser): Promise<User & { id: string }> {
  const email = ownEmail(user)
  const found = await pd.userByEmail(email)
  if (found?.id == null) throw new BotError('not_found', `No PagerDuty user has the email ${email}: ${TELL_ME}.`)
  return found as User & { id: string }
}
