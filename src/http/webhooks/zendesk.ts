// POST /hubot/zendesk: a Zendesk webhook connected to triggers (HUBOT_ZENDESK_WEBHOOK_SECRET),
// new tickets and tickets raised to urgent announced in HUBOT_ZENDESK_ROOM. A trigger's body
// is whatever its template says, so this accepts exactly the body the README gives to paste
// and answers any other with a 400 that shows it. Deduped on X-Zendesk-Webhook-Invocation-Id
// (not X-Zendesk-Webhook-Id, which names the webhook itself); a delivery signed more than
// 5 minutes from the bot's clock is refused (verify.ts).
// https://developer.zendesk.com/documentation/webhooks/anatomy-of-a-webhook-request/
import type { Robot } from 'hubot'
import { z } from 'zod'
import { botContext } from '../../core/context.ts'
import { quoteInput } from '../../chat/quote.ts'
import type { Say } from './announce.ts'
import { header, jsonObject } from './body.ts'
import { whenConfigured, type WebhookReceiver } from './receiver.ts'
import { verifyZendesk } from './verify.ts'

/** The trigger body to paste (README), with Zendesk's placeholders. */
export const ZENDESK_TRIGGER_BODY = (event: 'created' | 'urgent'): string =>
  `{"event":"${event}","ticket":{"id":"{{ticket.id}}","subject":"{{ticket.title}}","priority":"{{ticket.priority}}","status":"{{ticket.status}}","url":"{{ticket.link}}"}}`

const EXPECTED = '{"event":"created"|"urgent","ticket":{"id":<ticket number>,"subject":"...","priority":"...","status":"...","url":"https://..."}}'

const body = z.object({
  event: z.enum(['created', 'urgent']),
  ticket: z.object({
    id: z.union([z.number().int().positive(), z.string().regex(/^\d{1,15}$/)]),
    subject: z.string().max(10_000),
    priority: z.string().max(40),
    status: z.string().max(40),
    // {{ticket.link}} is a full URL; {{ticket.url}} leaves the scheme out.
    url: z.string().regex(/^(https?:\/\/)?[^\s"<>]+$/, 'a link to the ticket').max(2000)
  }).strict()
}).strict()

export type ZendeskDelivery = z.infer<typeof body>

const LIMIT = '64kb'

export function zendeskWebhook (robot: Robot, say: Say): WebhookReceiver<ZendeskDelivery> {
  const ctx = botContext(robot)
  const cfg = ctx.config.webhooks.zendesk
  return {
    vendor: 'zendesk',
    path: '/hubot/zendesk',
    on: whenConfigured(cfg, (cfg) => ({
      limit: LIMIT,
      required: ['x-zendesk-webhook-signature', 'x-zendesk-webhook-signature-timestamp'],
      verify: (raw, headers, now) =>
        verifyZendesk(cfg.secret, raw, header(headers, 'x-zendesk-webhook-signature'), header(headers, 'x-zendesk-webhook-signature-timestamp'), now),
      parse: (raw, headers) => {
        const result = body.safeParse(jsonObject(raw, headers))
        if (!result.success) {
          const problem = result.error.issues.map(i => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')
          return { kind: 'invalid', problem, expected: EXPECTED }
        }
        // Every signature is unique to its timestamp and body: the fallback when no invocation id came.
        const id = header(headers, 'x-zendesk-webhook-invocation-id') || `sig:${header(headers, 'x-zendesk-webhook-signature')}`
        return { kind: 'event', id, event: result.data }
      },
      handle: async (delivery) => {
        await say(cfg.room, zendeskText(delivery))
      }
    }))
  }
}

export function zendeskText ({ event, ticket }: ZendeskDelivery): string {
  const lower = (s: string): string => quoteInput(s.trim().toLowerCase(), 30)
  // An unset priority renders as "-" or nothing.
  const priority = /^-?$/.test(ticket.priority.trim()) ? 'no priority' : lower(ticket.priority)
  const link = /^https?:\/\//.test(ticket.url) ? ticket.url : `https://${ticket.url}`
  const subject = `"${quoteInput(ticket.subject, 120)}"`
  return event === 'created'
    ? `New Zendesk ticket #${ticket.id} (${priority}, ${lower(ticket.status)}): ${subject}: ${link}`
    : `Zendesk ticket #${ticket.id} raised to urgent (${lower(ticket.status)}): ${subject}: ${link}`
}
