// One Zendesk client per robot, built on first use from the bot context (config, fetch,
// logger, clock). Without credentials every command says which variables to set.
import type { Robot } from 'hubot'
import { botContext } from '../../core/context.ts'
import { BotError } from '../../core/errors.ts'
import { createZendeskClient, type ZendeskClient } from './client.ts'

export interface Zendesk {
  client: ZendeskClient
  /** The account's origin, for links to the agent view. */
  webUrl: string
  listLimit: number
  now (): number
}

const instances = new WeakMap<Robot, Zendesk>()

export function zendeskFor (robot: Robot): Zendesk {
  const existing = instances.get(robot)
  if (existing != null) return existing
  const ctx = botContext(robot)
  const config = ctx.config.zendesk
  if (!config.enabled) throw new BotError('not_configured', `Zendesk isn't configured: set ${config.missing}`)
  const client = createZendeskClient({ apiUrl: config.apiUrl, auth: config.auth, fetch: ctx.fetch, log: ctx.log, timeoutMs: config.timeoutMs, clock: ctx.clock })
  const zd: Zendesk = { client, webUrl: config.webUrl, listLimit: config.listLimit, now: () => ctx.clock.now() }
  instances.set(robot, zd)
  return zd
}
