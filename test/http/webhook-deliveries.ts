// A valid delivery for each webhook route, built the way each vendor builds it, and the
// bot configured for all four. Shared by the webhook tests in test/http.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { sign } from '@octokit/webhooks-methods'
import { ROOT } from '../helpers/bot.ts'
import { githubExample, pagerDutySignature, zendeskSignature } from '../helpers/webhooks.ts'

export const SECRETS = {
  github: 'gh-webhook-secret-0123',
  pagerduty: 'pd-webhook-secret-0123',
  zendesk: 'zd-webhook-secret-0123',
  ci: 'ci-token-0123456789abcdef'
}

export const ALL_ENV: Record<string, string> = {
  HUBOT_GITHUB_WEBHOOK_SECRET: SECRETS.github,
  HUBOT_GITHUB_ROOMS: JSON.stringify({ '*': 'github' }),
  HUBOT_PAGERDUTY_WEBHOOK_SECRET: SECRETS.pagerduty,
  HUBOT_PAGERDUTY_ROOM: 'incidents',
  HUBOT_ZENDESK_WEBHOOK_SECRET: SECRETS.zendesk,
  HUBOT_ZENDESK_ROOM: 'support',
  HUBOT_CI_WEBHOOK_TOKEN: SECRETS.ci,
  HUBOT_CI_ROOMS: JSON.stringify({ '*': 'builds' })
}

export const ALL_SCRIPTS = ['notify-github.ts', 'notify-pagerduty.ts', 'notify-zendesk.ts', 'notify-ci.ts']

export type Vendor = keyof typeof SECRETS
export interface Built { path: string, body: string, headers: Record<string, string> }

export function fixture (name: string): string {
  return readFileSync(path.join(ROOT, 'test', 'fixtures', 'webhooks', name), 'utf8')
}

let n = 0

/** A plain push to master in Codertocat/Hello-World (GitHub's example, as a later push). */
export function plainPush (commits = 1): Record<string, any> { // eslint-disable-line @typescript-eslint/no-explicit-any -- GitHub's JSON
  const push = githubExample('push', p => p.ref === 'refs/heads/master')
  push.created = false
  push.before = '4544205a385319fd846d5df4ed2e3b8173529d78'
  push.compare = 'https://github.com/Codertocat/Hello-World/compare/4544205a3853...6113728f27ae'
  push.commits = Array.from({ length: commits }, (_, i) => ({ ...push.commits[0], id: `${String(i).padStart(4, '0')}${push.commits[0].id.slice(4)}` }))
  return push
}

/** A delivery `vendor` would send now (`now`: the bot's clock, for Zendesk's timestamp), signed with `secret`. */
export async function validDelivery (vendor: Vendor, now: number, secret = SECRETS[vendor]): Promise<Built> {
  n++
  switch (vendor) {
    case 'github': {
      const body = JSON.stringify(plainPush())
      return { path: '/hubot/github', body, headers: { 'x-github-event': 'push', 'x-github-delivery': `d3f1a2b0-0000-11ef-8000-${String(n).padStart(12, '0')}`, 'x-hub-signature-256': await sign(secret, body) } }
    }
    case 'pagerduty': {
      const body = fixture('pagerduty/incident.triggered.json')
      return { path: '/hubot/pagerduty', body, headers: { 'x-webhook-id': `f0e4c2a1-${n}`, 'x-webhook-subscription': 'PSUBSCR', 'x-pagerduty-signature': pagerDutySignature(body, secret) } }
    }
    case 'zendesk': {
      const body = fixture('zendesk/created.json').trim()
      const timestamp = new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z')
      return {
        path: '/hubot/zendesk',
        body,
        headers: {
          'x-zendesk-account-id': '123456', 'x-zendesk-webhook-id': '01F1KRFQ6BG29CNWFR60NK5FNY', 'x-zendesk-webhook-invocation-id': String(8350205582 + n),
          'x-zendesk-webhook-signature-timestamp': timestamp, 'x-zendesk-webhook-signature': zendeskSignature(body, timestamp, secret)
        }
      }
    }
    case 'ci': {
      const body = JSON.stringify({ pipeline: 'api', build: String(100 + n), status: 'failed', url: `https://ci.example.com/browse/API-${100 + n}`, branch: 'main', failed_jobs: ['unit'] })
      return { path: '/hubot/ci', body, headers: { authorization: `Bearer ${secret}` } }
    }
  }
}
