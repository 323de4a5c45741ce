// GitHub deliveries in words. Each event the bot announces has a key (`push`,
// `pull_request:merged`, ...) that HUBOT_GITHUB_EVENTS selects by, and a sentence naming
// who did what, where, with the link. Names and titles are GitHub users' text: quoted
// through quoteInput (one line, bounded, no control characters).
import type {
  CheckSuiteCompletedEvent, IssueCommentCreatedEvent, PullRequestEvent, PullRequestReviewSubmittedEvent, PushEvent,
  ReleasePublishedEvent, WorkflowRunCompletedEvent
} from '@octokit/webhooks-types'
import { quoteInput } from '../../chat/quote.ts'
import { summarizePush, type PushSummary } from './github-pushes.ts'

export interface CiOutcome {
  repo: string
  passed: boolean
  /** "Build" #12 (a workflow run) or the checking app's name (a check suite). */
  what: string
  branch: string | null
  sha: string
  url: string
  /** The check suite whose failed check runs are the failing jobs. */
  suiteId: number
}

export type GitHubNotice =
  | { kind: 'push', repo: string, push: PushSummary }
  | { kind: 'text', repo: string, text: string }
  | { kind: 'ci', repo: string, ci: CiOutcome }

type Payload = Record<string, unknown>

const q = (s: unknown, limit = 100): string => `"${quoteInput(typeof s === 'string' ? s : '', limit)}"`
const login = (u: { login?: string } | null | undefined): string => quoteInput(u?.login ?? 'someone', 40)

/** The key HUBOT_GITHUB_EVENTS selects by: the event, and its action where it has one; a merge is `pull_request:merged`. */
export function eventKey (event: string, p: Payload): string {
  if (event === 'pull_request' && p.action === 'closed') return (p.pull_request as { merged?: unknown } | undefined)?.merged === true ? 'pull_request:merged' : 'pull_request:closed'
  return typeof p.action === 'string' ? `${event}:${p.action}` : event
}

/** What to announce for a delivery, or why nothing is. */
export function noticeFor (event: string, p: Payload): GitHubNotice | { ignore: string } {
  const repository = p.repository as { full_name?: unknown, html_url?: unknown } | undefined
  const repo = typeof repository?.full_name === 'string' ? repository.full_name : null
  if (repo == null) return { ignore: `${event} has no repository` }
  const text = (t: string): GitHubNotice => ({ kind: 'text', repo, text: t })
  switch (event) {
    case 'push':
      return { kind: 'push', repo, push: summarizePush(p as unknown as PushEvent) }
    case 'pull_request':
      return text(pullText(p as unknown as PullRequestEvent))
    case 'pull_request_review': {
      const r = p as unknown as PullRequestReviewSubmittedEvent
      const verb = ({ approved: 'approved', changes_requested: 'requested changes on', commented: 'commented on' } as Record<string, string>)[r.review.state] ?? 'reviewed'
      return text(`${login(r.review.user)} ${verb} ${repo}#${r.pull_request.number} ${q(r.pull_request.title)}: ${r.review.html_url}`)
    }
    case 'issue_comment': {
      const c = p as unknown as IssueCommentCreatedEvent
      // Pull requests are issues to GitHub; comments on plain issues are not announced.
      if (c.issue.pull_request == null) return { ignore: 'a comment on an issue, not a pull request' }
      return text(`${login(c.comment.user)} commented on ${repo}#${c.issue.number} ${q(c.issue.title)}: ${q(c.comment.body, 140)} ${c.comment.html_url}`)
    }
    case 'workflow_run': {
      const e = p as unknown as WorkflowRunCompletedEvent
      const w = e.workflow_run
      // A run's own name can be empty; its workflow's is not.
      const name = w.name !== '' && w.name != null ? w.name : e.workflow?.name ?? 'workflow'
      return ciNotice(repo, w.conclusion, { what: `${q(name)} #${w.run_number}`, branch: w.head_branch, sha: w.head_sha, url: w.html_url, suiteId: w.check_suite_id })
    }
    case 'check_suite': {
      const s = (p as unknown as CheckSuiteCompletedEvent).check_suite
      // GitHub Actions runs are announced from their workflow_run: the same result twice otherwise.
      if (s.app?.slug === 'github-actions') return { ignore: 'GitHub Actions check suites are announced from workflow_run' }
      return ciNotice(repo, s.conclusion, {
        what: quoteInput(s.app?.name ?? 'checks', 60), branch: s.head_branch, sha: s.head_sha, url: `${String(repository?.html_url)}/commit/${s.head_sha}/checks`, suiteId: s.id
      })
    }
    case 'release': {
      const r = p as unknown as ReleasePublishedEvent
      const name = r.release.name != null && r.release.name !== '' && r.release.name !== r.release.tag_name ? ` ${q(r.release.name)}` : ''
      return text(`${login(r.sender)} published ${r.release.prerelease ? 'pre-release' : 'release'} ${quoteInput(r.release.tag_name, 60)}${name} of ${repo}: ${r.release.html_url}`)
    }
    default:
      return { ignore: `${event} events are not announced` }
  }
}

function pullText (e: PullRequestEvent): string {
  const pr = e.pull_request
  const what = `${e.repository.full_name}#${pr.number} ${q(pr.title)}`
  const by = login(e.sender)
  switch (e.action) {
    case 'opened': return `${by} opened ${pr.draft ? 'draft ' : ''}pull request ${what}: ${pr.html_url}`
    case 'reopened': return `${by} reopened pull request ${what}: ${pr.html_url}`
    case 'ready_for_review': return `${by} marked ${what} ready for review: ${pr.html_url}`
    case 'closed': return pr.merged === true
      ? `${by} merged ${what} into ${quoteInput(pr.base.ref, 60)}: ${pr.html_url}`
      : `${by} closed ${what} without merging: ${pr.html_url}`
    case 'review_requested': {
      const who = 'requested_reviewer' in e && e.requested_reviewer != null
        ? login(e.requested_reviewer)
        : 'requested_team' in e && e.requested_team != null ? `team ${quoteInput(e.requested_team.name, 40)}` : 'someone'
      return `${by} asked ${who} to review ${what}: ${pr.html_url}`
    }
    default: return `${by} ${e.action.replaceAll('_', ' ')} ${what}: ${pr.html_url}`
  }
}

function ciNotice (repo: string, conclusion: string | null, o: Omit<CiOutcome, 'repo' | 'passed'>): GitHubNotice | { ignore: string } {
  if (conclusion === 'success') return { kind: 'ci', repo, ci: { repo, passed: true, ...o } }
  if (conclusion === 'failure' || conclusion === 'timed_out' || conclusion === 'startup_failure') return { kind: 'ci', repo, ci: { repo, passed: false, ...o } }
  return { ignore: `a ${conclusion ?? 'missing'} conclusion is not announced` }
}

/** "CI failed: acme/api "Build" #12 on main (6113728), failing: lint, test: <link>". */
export function ciText (ci: CiOutcome, failing: string[] | null): string {
  const on = ci.branch != null ? ` on ${quoteInput(ci.branch, 60)}` : ''
  const jobs = failing != null && failing.length > 0 ? `, failing: ${failing.map(j => quoteInput(j, 60)).join(', ')}` : ''
  return `CI ${ci.passed ? 'passed' : 'failed'}: ${ci.repo} ${ci.what}${on} (${ci.sha.slice(0, 7)})${jobs}: ${ci.url}`
}
