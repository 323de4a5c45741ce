// Signed GitHub pull_request deliveries for the webhook benchmark, built ahead of time so
// the load generator only sends. Each has its own delivery id and pull request number.
import { sign } from '@octokit/webhooks-methods'
import { githubExample } from '../../test/helpers/webhooks.ts'
import type { Request } from './open-loop.ts'

export const GITHUB_SECRET = 'bench-github-webhook-secret'

let deliveries = 0

export async function pullRequestDeliveries (n: number): Promise<Request[]> {
  const example = githubExample('pull_request', p => p.action === 'opened')
  const out: Request[] = []
  for (let i = 0; i < n; i++) {
    const id = ++deliveries
    example.number = id
    ;(example.pull_request as { number: number }).number = id
    const body = JSON.stringify(example)
    out.push({
      path: '/hubot/github',
      body,
      headers: { 'x-github-event': 'pull_request', 'x-github-delivery': `bench-${process.pid}-${id}`, 'x-hub-signature-256': await sign(GITHUB_SECRET, body), 'user-agent': 'GitHub-Hookshot/bench' }
    })
  }
  return out
}
