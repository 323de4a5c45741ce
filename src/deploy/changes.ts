// What a run ships, from the app's GitHub repository: the typed ref resolved to one commit
// (1 request), then what changes since the commit last deployed to that app+env
// (compare), and the new commit's CI state (check runs and commit statuses): at most 4
// requests, made before anyone is asked to approve. Shown as one short block: mrkdwn with
// links on Slack (blocks), plain text everywhere else.
import { utcMinute } from '../chat/time.ts'
import { BotError } from '../core/errors.ts'
import { plural } from '../chat/plural.ts'
import { quoteInput } from '../chat/quote.ts'
import type { RichMessage } from '../chat/message.ts'
import type { GitHubClient } from '../services/github/index.ts'
import type { RunRecord } from './history.ts'

/** Commits listed by name; the rest are counted. */
export const LISTED_COMMITS = 10

export interface Ci { passed: number, failed: number, pending: number, failing: Array<{ name: string, url: string | null }>, running: string[] }

export interface Change {
  sha: string
  /** Plain text and Slack mrkdwn of the same block. */
  plain: string
  mrkdwn: string
  ci: Ci
}

const short = (sha: string): string => sha.slice(0, 7)
const when = utcMinute
// Commit titles and author names are anyone's text: one line, bounded, and on Slack no markup of their own.
const escMrkdwn = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
const link = (url: string | null, label: string, slack: boolean): string =>
  url == null ? label : slack ? `<${url}|${escMrkdwn(label)}>` : `${label} ${url}`

function splitRepo (repo: string): [string, string] {
  const [owner, name] = repo.split('/')
  return [owner, name]
}

/** The commit `ref` names in `repo`; an unknown ref is refused (BotError not_found). */
export async function resolveSha (gh: GitHubClient, repo: string, ref: string): Promise<string> {
  const sha = await gh.commitSha(...splitRepo(repo), ref)
  if (sha == null) throw new BotError('not_found', `${repo} has no branch, tag or commit "${quoteInput(ref)}"; check the name (git ls-remote shows them).`)
  return sha
}

const PASSED_CONCLUSIONS = new Set(['success', 'neutral', 'skipped'])

/** Check runs and commit statuses combined (2 requests). */
export async function ciOf (gh: GitHubClient, repo: string, sha: string): Promise<Ci> {
  const [runs, statuses] = await Promise.all([gh.checkRuns(...splitRepo(repo), sha), gh.commitStatuses(...splitRepo(repo), sha)])
  const ci: Ci = { passed: 0, failed: 0, pending: 0, failing: [], running: [] }
  for (const r of runs) {
    if (r.status !== 'completed') { ci.pending++; ci.running.push(r.name) } else if (r.conclusion != null && PASSED_CONCLUSIONS.has(r.conclusion)) ci.passed++
    else { ci.failed++; ci.failing.push({ name: r.name, url: r.url }) }
  }
  for (const s of statuses) {
    if (s.state === 'success') ci.passed++
    else if (s.state === 'pending') { ci.pending++; ci.running.push(s.context) } else { ci.failed++; ci.failing.push({ name: s.context, url: s.url }) }
  }
  return ci
}

function ciLine (ci: Ci, slack: boolean): string {
  const failing = ci.failing.map(f => link(f.url, quoteInput(f.name, 100), slack)).join(', ')
  return `CI: ${ci.passed} passed, ${ci.failed} failed${failing !== '' ? ` (${failing})` : ''}, ${ci.pending} pending`
}

/** Refuses a commit whose checks failed or still run, naming the failing check and its link. */
export function greenOrRefuse (ci: Ci, sha: string): void {
  if (ci.failed > 0) {
    const f = ci.failing[0]
    throw new BotError('conflict', `${short(sha)} is not green: ${quoteInput(f.name, 100)} failed${f.url != null ? ` (${f.url})` : ''}; this environment requires green checks.`)
  }
  if (ci.pending > 0) throw new BotError('conflict', `${short(sha)} is not green yet: ${ci.running.map(n => quoteInput(n, 100)).join(', ')} still running; try again when the checks have finished.`)
}

/**
 * The block for `sha` after `last` (the last successful run with a commit, or null): a
 * comparison (1 request, none for a first deploy or the same commit) and the CI state (2).
 */
export async function describeChange (gh: GitHubClient, repo: string, sha: string, last: RunRecord | null): Promise<Change> {
  const [owner, name] = splitRepo(repo)
  const ci = await ciOf(gh, repo, sha)
  const render = async (): Promise<(slack: boolean) => string[]> => {
    if (last?.sha == null) return () => [`first deploy here: ${short(sha)}`]
    const from = `from ${short(last.sha)} (deployed by ${last.user.name}, ${when(last.finished_at ?? last.started_at)})`
    if (last.sha === sha) return () => [`${from}: the same commit, nothing changes`]
    const c = await gh.compare(owner, name, last.sha, sha)
    if (c.ahead === 0 && c.behind > 0) return slack => [`rolls back ${plural(c.behind, 'commit')}: ${from} to ${short(sha)}`, link(c.url, 'compare', slack)]
    const listed = c.commits.slice(-LISTED_COMMITS).reverse()
    return slack => [
      `${from} to ${short(sha)}: ${plural(c.ahead, 'commit')}${c.behind > 0 ? ` (and ${plural(c.behind, 'deployed commit')} not in it)` : ''}`,
      ...listed.map(x => {
        const title = quoteInput(x.title, 100)
        const author = quoteInput(x.author, 40)
        return slack ? `• \`${short(x.sha)}\` ${escMrkdwn(title)} (${escMrkdwn(author)})` : `  ${short(x.sha)} ${title} (${author})`
      }),
      ...(c.ahead > listed.length ? [`  and ${c.ahead - listed.length} more`] : []),
      link(c.url, 'compare', slack)
    ]
  }
  const lines = await render()
  return { sha, ci, plain: [...lines(false), ciLine(ci, false)].join('\n'), mrkdwn: [...lines(true), ciLine(ci, true)].join('\n') }
}

/** `head` followed by the block: plain text, and a Slack section in mrkdwn. */
export function withChange (head: string, change: Pick<Change, 'plain' | 'mrkdwn'>): RichMessage {
  return {
    text: `${head}\n${change.plain}`,
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `${escMrkdwn(head)}\n${change.mrkdwn}`.slice(0, 3000) } }]
  }
}
