// POST /hubot/pagerduty: PagerDuty v3 webhook subscriptions (HUBOT_PAGERDUTY_WEBHOOK_SECRET),
// incident events announced in HUBOT_PAGERDUTY_ROOM. Deduped on X-Webhook-Id, which PagerDuty
// repeats on each retry of one webhook (never on the subscription id, which every delivery of
// the subscription shares). PagerDuty drops a delivery answered 4xx and retries 5xx/429.
// https://developer.pagerduty.com/docs/webhooks/webhook-behavior/
import type { Robot } from 'hubot'
import { botContext } from '../../core/context.ts'
import type { Say } from './announce.ts'
import { header, jsonObject } from './body.ts'
import { PAGERDUTY_EVENTS, pagerDutyText, type PagerDutyEvent } from './pagerduty-events.ts'
import { whenConfigured, type WebhookReceiver } from './receiver.ts'
import { verifyPagerDuty } from './verify.ts'

// PagerDuty drops every webhook over 256 KB.
const LIMIT = '256kb'

export function pagerDutyWebhook (robot: Robot, say: Say): WebhookReceiver<PagerDutyEvent> {
  const cfg = botContext(robot).config.webhooks.pagerduty
  return {
    vendor: 'pagerduty',
    path: '/hubot/pagerduty',
    on: whenConfigured(cfg, (cfg) => ({
      limit: LIMIT,
      required: ['x-pagerduty-signature'],
      verify: (raw, headers) => verifyPagerDuty(cfg.secret, raw, header(headers, 'x-pagerduty-signature')),
      parse: (raw, headers) => {
        const id = header(headers, 'x-webhook-id')
        if (id === '') return { kind: 'invalid', problem: 'no X-Webhook-Id header' }
        const event = jsonObject(raw, headers)?.event as Record<string, unknown> | undefined
        if (event == null || typeof event !== 'object' || typeof event.event_type !== 'string') {
          return { kind: 'invalid', problem: 'not a PagerDuty v3 webhook: expected {"event": {"event_type": ..., "data": {...}}}' }
        }
        if (!(PAGERDUTY_EVENTS as readonly string[]).includes(event.event_type)) return { kind: 'ignore', reason: `${event.event_type} is not announced` }
        const data = event.data as Record<string, unknown> | undefined
        if (data == null || typeof data !== 'object' || data.type !== 'incident') return { kind: 'invalid', problem: `${event.event_type} without an incident in event.data` }
        return { kind: 'event', id, event: event as unknown as PagerDutyEvent }
      },
      handle: async (event) => {
        await say(cfg.room, pagerDutyText(event))
      }
    }))
  }
}
