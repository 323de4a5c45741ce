// POST /hubot/github: GitHub's signed deliveries (HUBOT_GITHUB_WEBHOOK_SECRET), announced in
// the room HUBOT_GITHUB_ROOMS gives the repository, for the events HUBOT_GITHUB_EVENTS
// selects. Deliveries are deduped on X-GitHub-Delivery (a redelivery keeps it). Pushes go
// through the coalescer; a failed CI run names its failing jobs when HUBOT_GITHUB_TOKEN lets
// the bot ask. https://docs.github.com/en/webhooks/webhook-events-and-payloads
import type { Robot } from 'hubot'
import { botContext } from '../../core/context.ts'
import type { Logger } from '../../core/log.ts'
import type { Say } from './announce.ts'
import { header, jsonObject } from './body.ts'
import { failingJobs } from './github-ci.ts'
import { ciText, eventKey, noticeFor, type GitHubNotice } from './github-events.ts'
import { PushCoalescer } from './github-pushes.ts'
import { whenConfigured, type WebhookReceiver } from './receiver.ts'
import { roomFor } from './rooms.ts'
import { verifyGitHub } from './verify.ts'

export interface GitHubDelivery { room: string, notice: GitHubNotice }

// GitHub caps a payload at 25 MB; a push of thousands of commits is a few MB.
const LIMIT = '10mb'

export function githubWebhook (robot: Robot, say: Say): WebhookReceiver<GitHubDelivery> {
  const ctx = botContext(robot)
  const cfg = ctx.config.webhooks.github
  const coalescer = new PushCoalescer({
    clock: ctx.clock, log: ctx.log.child({ webhook: 'github' }), say, track: (w) => { ctx.work.track(w).catch(() => {}) }, accepting: () => ctx.work.isAccepting
  })
  return {
    vendor: 'github',
    path: '/hubot/github',
    on: whenConfigured(cfg, (cfg) => ({
      limit: LIMIT,
      required: ['x-hub-signature-256'],
      verify: (raw, headers) => verifyGitHub(cfg.secret, raw, header(headers, 'x-hub-signature-256')),
      parse: (raw, headers) => {
        const event = header(headers, 'x-github-event')
        const id = header(headers, 'x-github-delivery')
        if (event === '' || id === '') return { kind: 'invalid', problem: `no ${event === '' ? 'X-GitHub-Event' : 'X-GitHub-Delivery'} header` }
        if (event === 'ping') return { kind: 'ignore', reason: 'ping: the webhook reaches the bot and its signature checks out' }
        const payload = jsonObject(raw, headers)
        if (payload == null) return { kind: 'invalid', problem: 'the body is not a JSON object (nor a form with one in its payload field)' }
        const key = eventKey(event, payload)
        if (!cfg.events.includes(key)) return { kind: 'ignore', reason: `${key} is not announced (HUBOT_GITHUB_EVENTS)` }
        const notice = noticeFor(event, payload)
        if ('ignore' in notice) return { kind: 'ignore', reason: notice.ignore }
        const room = roomFor(cfg.rooms, notice.repo)
        if (room == null) return { kind: 'ignore', reason: `no room for ${notice.repo} in HUBOT_GITHUB_ROOMS` }
        return { kind: 'event', id, event: { room, notice } }
      },
      handle: async ({ room, notice }, log) => {
        if (notice.kind === 'push') { await coalescer.add(room, notice.push); return }
        if (notice.kind === 'text') { await say(room, notice.text); return }
        const failing = notice.ci.passed ? null : await failingJobsOrNull(robot, notice, log)
        await say(room, ciText(notice.ci, failing))
      }
    }))
  }
}

async function failingJobsOrNull (robot: Robot, notice: Extract<GitHubNotice, { kind: 'ci' }>, log: Logger): Promise<string[] | null> {
  const ctx = botContext(robot)
  const gh = ctx.config.github
  if (!gh.enabled) return null
  try {
    return await failingJobs({ apiUrl: gh.apiUrl, token: gh.token, fetch: ctx.fetch, log, clock: ctx.clock, timeoutMs: gh.timeoutMs }, notice.ci)
  } catch (err) {
    log.warn({ err, repo: notice.repo }, 'could not list the failing jobs of a failed GitHub CI run; announced without them')
    return null
  }
}
