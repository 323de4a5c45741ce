// Sending webhooks to a test bot over real HTTP, signed the way each vendor signs, with
// GitHub's real example payloads (@octokit/webhooks-examples).
import { createRequire } from 'node:module'
import { createHmac } from 'node:crypto'
import { sign } from '@octokit/webhooks-methods'
import type { TestBot } from './bot.ts'

const require = createRequire(import.meta.url)
const examples = require('@octokit/webhooks-examples') as Array<{ name: string, examples: Array<Record<string, any>> }> // eslint-disable-line @typescript-eslint/no-explicit-any -- GitHub's JSON

/** A copy of one of GitHub's example payloads for `event`: the first one `pick` accepts. */
export function githubExample (event: string, pick: (p: Record<string, any>) => boolean = () => true): Record<string, any> { // eslint-disable-line @typescript-eslint/no-explicit-any -- GitHub's JSON
  const found = examples.find(e => e.name === event)?.examples.find(pick)
  if (found == null) throw new Error(`no ${event} example matches`)
  return structuredClone(found)
}

export interface Delivery { status: number, body: Record<string, unknown> }

export async function post (bot: Pick<TestBot, 'http'>, path: string, body: string | Buffer, headers: Record<string, string>): Promise<Delivery> {
  const res = await fetch(`http://127.0.0.1:${bot.http!.port}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : new Uint8Array(body) })
  const text = await res.text()
  return { status: res.status, body: text === '' ? {} : JSON.parse(text) as Record<string, unknown> }
}

let deliveries = 0
/** A fresh X-GitHub-Delivery GUID-like id. */
export const deliveryId = (): string => `72d3162e-cc78-11e3-81ab-${String(++deliveries).padStart(12, '0')}`

/** Posts `payload` to /hubot/github signed with `secret` by @octokit/webhooks-methods (GitHub's own signing). */
export async function sendGitHub (bot: TestBot, secret: string, event: string, payload: unknown, extra: Record<string, string> = {}): Promise<Delivery> {
  const body = JSON.stringify(payload)
  return await post(bot, '/hubot/github', body, {
    'x-github-event': event, 'x-github-delivery': deliveryId(), 'x-hub-signature-256': await sign(secret, body), 'user-agent': 'GitHub-Hookshot/test', ...extra
  })
}

/** X-PagerDuty-Signature for `body`: "v1=<hex>" per secret, comma-separated. */
export function pagerDutySignature (body: string | Buffer, ...secrets: string[]): string {
  return secrets.map(s => `v1=${createHmac('sha256', s).update(body).digest('hex')}`).join(',')
}

/** X-Zendesk-Webhook-Signature for `body` signed at `timestamp`. */
export function zendeskSignature (body: string | Buffer, timestamp: string, secret: string): string {
  return createHmac('sha256', secret).update(timestamp).update(body).digest('base64')
}

/** Commits counted in push announcements: a coalesced message's total ("acme/api: 27 commits in 12 pushes"), else one push's ("pushed 3 commits"). */
export function commitsAnnounced (texts: string[]): number {
  let total = 0
  for (const t of texts) {
    const first = t.split('\n')[0]
    const m = /^\S+: (\d+) commits? in \d+ pushes$/.exec(first) ?? /(?:pushed|with|\() ?(\d+) commits?\b/.exec(first)
    if (m == null) throw new Error(`not a push announcement: ${first}`)
    total += Number(m[1])
  }
  return total
}
