// The failing jobs of a failed GitHub CI run. Neither workflow_run nor check_suite names
// them, so one request asks GitHub for the commit's check runs and keeps the failed ones of
// that run's check suite (an Actions job is a check run in its workflow run's suite). Needs
// HUBOT_GITHUB_TOKEN; without it, or when GitHub does not answer, the failure is announced
// without job names.
import type { Clock } from '../../core/clock.ts'
import type { Logger } from '../../core/log.ts'
import { createTransport } from '../../services/http/transport.ts'
import type { CiOutcome } from './github-events.ts'

export interface CheckRunsAccess {
  apiUrl: string
  token: string
  fetch: typeof fetch
  log: Logger
  clock: Clock
  timeoutMs: number
}

const FAILED = new Set(['failure', 'timed_out', 'startup_failure'])

export async function failingJobs (o: CheckRunsAccess, ci: CiOutcome): Promise<string[]> {
  const transport = createTransport({
    vendor: 'GitHub',
    fetch: o.fetch,
    log: o.log,
    clock: o.clock,
    timeoutMs: o.timeoutMs,
    secrets: [o.token],
    authFailure: 'rejected the token (HUBOT_GITHUB_TOKEN)',
    prepare: (h) => {
      h.set('authorization', `Bearer ${o.token}`)
      h.set('accept', 'application/vnd.github+json')
      h.set('x-github-api-version', '2022-11-28')
    }
  })
  const [owner, name] = ci.repo.split('/').map(encodeURIComponent)
  const url = `${o.apiUrl}/repos/${owner}/${name}/commits/${encodeURIComponent(ci.sha)}/check-runs?filter=latest&per_page=100`
  const res = await transport(new Request(url))
  const body = await res.json() as { check_runs?: Array<{ name?: string, conclusion?: string | null, check_suite?: { id?: number } | null }> }
  return (body.check_runs ?? [])
    .filter(r => r.check_suite?.id === ci.suiteId && FAILED.has(r.conclusion ?? ''))
    .map(r => String(r.name))
    .sort()
}
