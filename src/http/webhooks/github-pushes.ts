// GitHub pushes in words, and their coalescing: a push is announced at once when its
// repository has been quiet for 10 s; pushes arriving within 10 s of the last message are
// gathered and said together when the 10 s are up, so a burst (a bot rebasing 100 branches,
// a mirror catching up) is at most one message per repository per 10 s, and every commit is
// still counted. Time is the bot's clock: tests pass a manual one.
import type { PushEvent } from '@octokit/webhooks-types'
import type { Clock } from '../../core/clock.ts'
import type { Logger } from '../../core/log.ts'
import { plural } from '../../chat/plural.ts'
import { quoteInput } from '../../chat/quote.ts'

export const COALESCE_MS = 10_000
const COMMIT_LINES = 3
const GROUP_LINES = 10

export interface PushSummary {
  repo: string
  repoUrl: string
  pusher: string
  kind: 'branch' | 'tag'
  ref: string
  created: boolean
  deleted: boolean
  forced: boolean
  commits: number
  before: string
  after: string
  compare: string
  firstCommits: Array<{ sha: string, message: string, author: string }>
}

export function summarizePush (p: PushEvent): PushSummary {
  const tag = p.ref.startsWith('refs/tags/')
  return {
    repo: p.repository.full_name,
    repoUrl: p.repository.html_url,
    pusher: p.pusher?.name ?? p.sender?.login ?? 'someone',
    kind: tag ? 'tag' : 'branch',
    ref: p.ref.replace(/^refs\/(heads|tags)\//, ''),
    created: p.created,
    deleted: p.deleted,
    forced: p.forced,
    commits: p.commits?.length ?? 0,
    before: p.before,
    after: p.after,
    compare: p.compare,
    firstCommits: (p.commits ?? []).slice(0, COMMIT_LINES).map(c => ({
      sha: c.id.slice(0, 7), message: c.message.split('\n')[0], author: c.author?.username ?? c.author?.name ?? 'someone'
    }))
  }
}

const ref = (s: PushSummary): string => quoteInput(s.ref, 100)
const who = (s: PushSummary): string => quoteInput(s.pusher, 40)

/** One push, said on its own: "alice pushed 3 commits to main in acme/api: <compare>" and its first commits. */
export function pushText (s: PushSummary): string {
  const line = pushLine(s, ` in ${s.repo}`)
  if (s.deleted || s.commits === 0) return line
  const commits = s.firstCommits.map(c => `  ${c.sha} ${quoteInput(c.message, 72)} (${quoteInput(c.author, 40)})`)
  if (s.commits > s.firstCommits.length) commits.push(`  and ${plural(s.commits - s.firstCommits.length, 'more commit')}`)
  return [line, ...commits].join('\n')
}

function pushLine (s: PushSummary, where: string): string {
  if (s.deleted) return `${who(s)} deleted ${s.kind} ${ref(s)}${where}`
  if (s.created && (s.kind === 'tag' || s.commits === 0)) return `${who(s)} created ${s.kind} ${ref(s)}${where}: ${s.repoUrl}/tree/${encodeURI(s.ref)}`
  if (s.created) return `${who(s)} created branch ${ref(s)}${where} with ${plural(s.commits, 'commit')}: ${s.compare}`
  if (s.forced) return `${who(s)} force-pushed ${s.kind} ${ref(s)}${where} (${plural(s.commits, 'commit')}): ${s.compare}`
  return `${who(s)} pushed ${plural(s.commits, 'commit')} to ${ref(s)}${where}: ${s.compare}`
}

/**
 * Several pushes to one repository, one message: the total first ("acme/api: 27 commits in
 * 12 pushes"), then a line per branch for plain pushes (their pushers, commits and one
 * compare link from the first push's base to the last push's head) and a line for each
 * branch created, deleted or force-pushed, in the order they came.
 */
export function pushesText (pushes: PushSummary[]): string {
  if (pushes.length === 1) return pushText(pushes[0])
  const total = pushes.reduce((n, p) => n + p.commits, 0)
  const lines: string[] = []
  const groups = new Map<string, PushSummary[]>()
  const order: Array<PushSummary | PushSummary[]> = []
  for (const p of pushes) {
    if (p.created || p.deleted || p.forced) { order.push(p); continue }
    const key = `${p.kind}:${p.ref}`
    const group = groups.get(key)
    if (group != null) group.push(p)
    else { const g = [p]; groups.set(key, g); order.push(g) }
  }
  for (const item of order.slice(0, GROUP_LINES)) lines.push(`• ${Array.isArray(item) ? groupLine(item) : pushLine(item, '')}`)
  const rest = order.slice(GROUP_LINES).flat()
  if (rest.length > 0) lines.push(`• and ${rest.length} more ${rest.length === 1 ? 'push' : 'pushes'} (${plural(rest.reduce((n, p) => n + p.commits, 0), 'commit')})`)
  return [`${pushes[0].repo}: ${plural(total, 'commit')} in ${pushes.length} pushes`, ...lines].join('\n')
}

function groupLine (g: PushSummary[]): string {
  if (g.length === 1) return pushLine(g[0], '')
  const commits = g.reduce((n, p) => n + p.commits, 0)
  const pushers = [...new Set(g.map(who))]
  const names = pushers.length > 3 ? `${pushers.slice(0, 3).join(', ')} and ${pushers.length - 3} more` : pushers.join(', ')
  const compare = `${g[0].repoUrl}/compare/${g[0].before.slice(0, 12)}...${g[g.length - 1].after.slice(0, 12)}`
  return `${names} pushed ${plural(commits, 'commit')} to ${ref(g[0])} in ${g.length} pushes: ${compare}`
}

interface Lane { room: string, lastSentAt: number, pending: PushSummary[], flushing: boolean }

export interface PushCoalescerOptions {
  clock: Clock
  log: Logger
  /** Says a message in a room; failures are logged here. */
  say: (room: string, text: string) => Promise<void>
  /** Tracks the delayed flush, so shutdown waits for it. */
  track: (work: Promise<void>) => void
  /** False once shutdown starts: gathered pushes are said at once. */
  accepting: () => boolean
  windowMs?: number
}

export class PushCoalescer {
  private readonly lanes = new Map<string, Lane>()
  private readonly windowMs: number

  constructor (private readonly o: PushCoalescerOptions) {
    this.windowMs = o.windowMs ?? COALESCE_MS
  }

  /** Says the push now, or gathers it for the repository's next message. */
  async add (room: string, push: PushSummary): Promise<void> {
    const key = push.repo.toLowerCase()
    const now = this.o.clock.now()
    const lane = this.lanes.get(key)
    if (lane == null || (!lane.flushing && now - lane.lastSentAt >= this.windowMs)) {
      this.lanes.set(key, { room, lastSentAt: now, pending: [], flushing: false })
      await this.send(room, [push])
      return
    }
    lane.room = room
    lane.pending.push(push)
    if (!lane.flushing) {
      lane.flushing = true
      this.o.track(this.flushLater(lane))
    }
  }

  // Waits out the window in one-second steps, so a shutdown says what was gathered
  // within a second instead of waiting the full window.
  private async flushLater (lane: Lane): Promise<void> {
    const { clock } = this.o
    const due = lane.lastSentAt + this.windowMs
    while (clock.now() < due && this.o.accepting()) await clock.sleep(Math.min(1000, due - clock.now()))
    const pushes = lane.pending.splice(0)
    lane.lastSentAt = clock.now()
    lane.flushing = false
    if (pushes.length > 0) await this.send(lane.room, pushes)
  }

  private async send (room: string, pushes: PushSummary[]): Promise<void> {
    try {
      await this.o.say(room, pushesText(pushes))
    } catch (err) {
      this.o.log.warn({ err, room, pushes: pushes.length, repo: pushes[0].repo }, 'GitHub pushes not announced')
    }
  }
}
