// POST /hubot/ci: any CI server (Bamboo, Jenkins, GitLab) with one curl step, authenticated
// by `Authorization: Bearer <HUBOT_CI_WEBHOOK_TOKEN>` and announced in the room
// HUBOT_CI_ROOMS gives the pipeline. The body is small and documented (README); a build's
// status is reported once: a repeat of the same pipeline, build and status is a replay.
import type { Robot } from 'hubot'
import { z } from 'zod'
import { botContext } from '../../core/context.ts'
import { quoteInput } from '../../chat/quote.ts'
import type { Say } from './announce.ts'
import { header, jsonObject } from './body.ts'
import { whenConfigured, type WebhookReceiver } from './receiver.ts'
import { roomFor } from './rooms.ts'
import { verifyBearer } from './verify.ts'

export const CI_EXPECTED = '{"pipeline":"api","build":"42","status":"passed"|"failed"|"started"|"cancelled","url":"https://...","branch":"main","commit":"abc1234","failed_jobs":["unit"]} (branch, commit and failed_jobs optional)'

// A CI fills the body from its variables: one it does not have comes out as "", meaning absent.
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(v => v === '' ? undefined : v, schema.optional())

const body = z.object({
  pipeline: z.string().trim().min(1).max(100),
  build: z.union([z.string().trim().min(1).max(100), z.number().int().nonnegative()]),
  status: z.string().toLowerCase().pipe(z.enum(['passed', 'failed', 'started', 'cancelled'])),
  url: z.url({ protocol: /^https?$/ }).max(2000),
  branch: optional(z.string().trim().min(1).max(200)),
  commit: optional(z.string().trim().min(1).max(100)),
  failed_jobs: optional(z.array(z.string().trim().min(1).max(200)).max(50))
}).strict()

export type CiDelivery = z.infer<typeof body> & { room: string }

export function ciWebhook (robot: Robot, say: Say): WebhookReceiver<CiDelivery> {
  const cfg = botContext(robot).config.webhooks.ci
  return {
    vendor: 'ci',
    path: '/hubot/ci',
    on: whenConfigured(cfg, (cfg) => ({
      limit: '64kb',
      required: ['authorization'],
      verify: (_raw, headers) => verifyBearer(cfg.token, header(headers, 'authorization')),
      parse: (raw, headers) => {
        const result = body.safeParse(jsonObject(raw, headers))
        if (!result.success) {
          return { kind: 'invalid', problem: result.error.issues.map(i => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '), expected: CI_EXPECTED }
        }
        const d = result.data
        const room = roomFor(cfg.rooms, d.pipeline)
        if (room == null) return { kind: 'ignore', reason: `no room for pipeline ${quoteInput(d.pipeline, 100)} in HUBOT_CI_ROOMS` }
        return { kind: 'event', id: `${d.pipeline}#${String(d.build)}:${d.status}`, event: { ...d, room } }
      },
      handle: async (d) => { await say(d.room, ciBuildText(d)) }
    }))
  }
}

export function ciBuildText (d: CiDelivery): string {
  const build = /^\d+$/.test(String(d.build)) ? `#${String(d.build)}` : quoteInput(String(d.build), 60)
  const on = d.branch != null ? ` on ${quoteInput(d.branch, 60)}` : ''
  const commit = d.commit != null ? ` (${quoteInput(d.commit.slice(0, 12), 12)})` : ''
  const failing = d.status === 'failed' && d.failed_jobs != null && d.failed_jobs.length > 0
    ? `, failing: ${d.failed_jobs.slice(0, 10).map(j => quoteInput(j, 60)).join(', ')}${d.failed_jobs.length > 10 ? ` and ${d.failed_jobs.length - 10} more` : ''}`
    : ''
  return `CI ${d.status}: ${quoteInput(d.pipeline, 100)} ${build}${on}${commit}${failing}: ${d.url}`
}
