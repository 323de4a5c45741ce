// Commits, comparisons, commit statuses, check runs and deployments over the seed's git
// history (branches and tags name SHAs; commits name their parents), so a deploy feature can
// be tested against refs that resolve, compare and carry CI results like GitHub's.
import { createHash } from 'node:crypto'
import { paginate } from './paging.ts'
import { compare, latestStatuses, renderCheckRun, renderCombinedStatus, renderCommit, renderComparison, renderDeployment, renderDeploymentStatus, renderStatus } from './render.ts'
import { badEnum, basicError, iso, notFound, validationFailed, withLink, type Ctx, type Handler, type Reply } from './reply.ts'
import { bodyProblem } from './request-body.ts'
import { ancestors, findCommit, findRepo, resolveRef, type Obj } from './state.ts'

const sha1 = (s: string): string => createHash('sha1').update(s).digest('hex')
const repoOf = (ctx: Ctx, owner: string, name: string): string | null => (findRepo(ctx.state, owner, name)?.full_name as string | undefined) ?? null

export const getCommit: Handler = (ctx, [owner, name, ref]) => {
  const op = 'GET /repos/{owner}/{repo}/commits/{ref}'
  const repo = repoOf(ctx, owner, name)
  if (repo == null) return notFound(ctx.state, op)
  const sha = resolveRef(ctx.state, repo, ref)
  if (sha == null) return validationFailed(ctx.state, op, `No commit found for SHA: ${ref}`)
  // The sha media type answers the bare SHA (for "has this ref moved?" checks).
  if (/vnd\.github(\.v3)?\.sha/.test(ctx.accept)) return { status: 200, op, body: sha, headers: { 'content-type': 'application/vnd.github.sha; charset=utf-8' } }
  return { status: 200, op, body: renderCommit(ctx.state, findCommit(ctx.state, repo, sha)!, true) }
}

export const compareCommits: Handler = (ctx, [owner, name, basehead]) => {
  const op = 'GET /repos/{owner}/{repo}/compare/{basehead}'
  const repo = repoOf(ctx, owner, name)
  const parts = basehead.split('...')
  if (repo == null || parts.length !== 2) return notFound(ctx.state, op)
  if (parts.some(p => p.includes(':'))) return basicError(ctx.state, op, 404, 'fake GitHub: comparing across forks (USER:REF) is not modelled')
  const [base, head] = parts.map(p => resolveRef(ctx.state, repo, p))
  if (base == null || head == null) return notFound(ctx.state, op)
  const c = compare(ctx.state, repo, base, head)
  if (c == null) return basicError(ctx.state, op, 404, `No common ancestor between ${parts[0]} and ${parts[1]}.`)
  const [baseCommit, headCommit] = [findCommit(ctx.state, repo, base)!, findCommit(ctx.state, repo, head)!]
  // Without per_page or page GitHub lists the last 250 commits; with them it pages, files on page 1 only.
  if (!ctx.query.has('per_page') && !ctx.query.has('page')) {
    return { status: 200, op, body: renderComparison(ctx.state, repo, basehead, baseCommit, headCommit, c, c.ahead.slice(-250), true) }
  }
  const page = paginate(c.ahead, ctx.query, ctx.url)
  return withLink({ status: 200, op, body: renderComparison(ctx.state, repo, basehead, baseCommit, headCommit, c, page.items, page.page === 1) }, page.link)
}

export const getCombinedStatus: Handler = (ctx, [owner, name, ref]) => {
  const op = 'GET /repos/{owner}/{repo}/commits/{ref}/status'
  const repo = repoOf(ctx, owner, name)
  const sha = repo == null ? null : resolveRef(ctx.state, repo, ref)
  if (repo == null || sha == null) return notFound(ctx.state, op)
  const latest = latestStatuses(ctx.state, repo, sha)
  const page = paginate(latest.statuses, ctx.query, ctx.url)
  const body = renderCombinedStatus(ctx.state, repo, sha, latest.state, page.items.map(s => renderStatus(ctx.state, s)), latest.statuses.length)
  return withLink({ status: 200, op, body }, page.link)
}

export const listCheckRuns: Handler = (ctx, [owner, name, ref]) => {
  const op = 'GET /repos/{owner}/{repo}/commits/{ref}/check-runs'
  const q = ctx.query
  const repo = repoOf(ctx, owner, name)
  const sha = repo == null ? null : resolveRef(ctx.state, repo, ref)
  if (repo == null || sha == null) return notFound(ctx.state, op)
  const bad = badEnum(ctx.state, op, q, 'status', ['queued', 'in_progress', 'completed'], 'CheckRun') ?? badEnum(ctx.state, op, q, 'filter', ['latest', 'all'], 'CheckRun')
  if (bad != null) return bad
  const appId = ctx.state.templates.checkRun.app.id as number // every run here is the example's app's
  let runs = ctx.state.checkRuns.filter(r => r.repo === repo && r.head_sha === sha)
    .filter(r => q.get('check_name') == null || r.name === q.get('check_name'))
    .filter(r => q.get('status') == null || r.status === q.get('status'))
    .filter(r => q.get('app_id') == null || Number(q.get('app_id')) === appId)
    .sort((a, b) => (b.id as number) - (a.id as number))
  // filter=latest (the default) keeps the most recent run of each name.
  if ((q.get('filter') ?? 'latest') === 'latest') runs = runs.filter((r, i) => runs.findIndex(o => o.name === r.name) === i)
  const page = paginate(runs, q, ctx.url)
  return withLink({ status: 200, op, body: { total_count: runs.length, check_runs: page.items.map(r => renderCheckRun(ctx.state, r)) } }, page.link)
}

export const listDeployments: Handler = (ctx, [owner, name]) => {
  const op = 'GET /repos/{owner}/{repo}/deployments'
  const repo = repoOf(ctx, owner, name)
  if (repo == null) return notFound(ctx.state, op)
  const q = ctx.query
  const deployments = ctx.state.deployments.filter(d => d.repo === repo)
    .filter(d => ['sha', 'ref', 'task', 'environment'].every(k => q.get(k) == null || d[k] === q.get(k)))
    .sort((a, b) => (b.id as number) - (a.id as number))
  const page = paginate(deployments, q, ctx.url)
  return withLink({ status: 200, op, body: page.items.map(d => renderDeployment(ctx.state, d)) }, page.link)
}

// Not in the spec subset (GitHub has it); spec-check.ts validates it as the deployment POST returns.
export const getDeployment: Handler = (ctx, [owner, name, id]) => {
  const op = 'GET /repos/{owner}/{repo}/deployments/{deployment_id}'
  const d = deploymentOf(ctx, owner, name, id)
  return d == null ? notFound(ctx.state, op) : { status: 200, op, body: renderDeployment(ctx.state, d) }
}

export const createDeployment: Handler = (ctx, [owner, name]) => {
  const op = 'POST /repos/{owner}/{repo}/deployments'
  const repo = repoOf(ctx, owner, name)
  if (repo == null) return notFound(ctx.state, op)
  const problem = bodyProblem(ctx.state.requestSchemas[op], ctx.body)
  if (problem != null) return validationFailed(ctx.state, op, problem)
  const b = ctx.body as Obj
  const ref = b.ref as string
  const sha = resolveRef(ctx.state, repo, ref)
  if (sha == null) return validationFailed(ctx.state, op, `No ref found for: ${ref}`)
  const merged = autoMerge(ctx, repo, ref, sha, b.auto_merge !== false)
  if (merged != null) return merged
  // Every required context (by default: every context reported on the commit) must be success.
  const latest = latestStatuses(ctx.state, repo, sha).statuses
  const required = (b.required_contexts as string[] | undefined) ?? [...new Set(latest.map(s => s.context as string))]
  if (required.some(c => latest.find(s => s.context === c)?.state !== 'success')) return basicError(ctx.state, op, 409, `Conflict: Commit status checks failed for ${ref}.`)
  const now = iso(ctx.now())
  const environment = (b.environment as string | undefined) ?? 'production'
  const d = {
    repo, id: Math.max(0, ...ctx.state.deployments.map(x => x.id as number)) + 1, sha, ref, task: b.task ?? 'deploy', payload: payloadOf(b.payload),
    environment, original_environment: environment, description: b.description ?? '', creator: ctx.login, created_at: now, updated_at: now,
    transient_environment: b.transient_environment ?? false, production_environment: b.production_environment ?? environment === 'production'
  }
  ctx.state.deployments.push(d)
  return { status: 201, op, body: renderDeployment(ctx.state, d) }
}

// A JSON text payload is stored as the object it spells (the spec allows either form).
function payloadOf (payload: unknown): unknown {
  if (typeof payload !== 'string') return payload ?? {}
  if (payload.trim() === '') return {}
  try { return JSON.parse(payload) as unknown } catch { return payload }
}

// With auto_merge (the default), a branch behind the default branch gets it merged in and the
// deployment is not created: 202 and a message, as the spec describes. Merges never conflict here.
function autoMerge (ctx: Ctx, repo: string, ref: string, sha: string, enabled: boolean): Reply | null {
  const refs = ctx.state.refs[repo]
  const branch = ref.replace(/^(refs\/)?heads\//, '')
  const main = findRepo(ctx.state, ...(repo.split('/') as [string, string]))!.default_branch as string
  if (!enabled || refs.branches[branch] !== sha || branch === main || ancestors(ctx.state, repo, sha).has(refs.branches[main])) return null
  const merge = { repo, sha: sha1(`merge:${sha}:${refs.branches[main]}`), parents: [sha, refs.branches[main]], message: `Merge branch '${main}' into ${branch}`, author: ctx.login, date: iso(ctx.now()), files: [] }
  ctx.state.commits.push(merge)
  refs.branches[branch] = merge.sha
  return { status: 202, op: 'POST /repos/{owner}/{repo}/deployments', body: { message: `Auto-merged ${main} into ${branch} on deployment.` } }
}

const deploymentOf = (ctx: Ctx, owner: string, name: string, id: string): Obj | undefined => {
  const repo = repoOf(ctx, owner, name)
  return ctx.state.deployments.find(d => d.repo === repo && String(d.id) === id)
}

// Not in the spec subset (GitHub has it); spec-check.ts validates each item as the status POST returns.
export const listDeploymentStatuses: Handler = (ctx, [owner, name, id]) => {
  const op = 'GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses'
  const d = deploymentOf(ctx, owner, name, id)
  if (d == null) return notFound(ctx.state, op)
  const statuses = ctx.state.deploymentStatuses.filter(s => s.repo === d.repo && s.deployment_id === d.id).sort((a, b) => (b.id as number) - (a.id as number))
  const page = paginate(statuses, ctx.query, ctx.url)
  return withLink({ status: 200, op, body: page.items.map(s => renderDeploymentStatus(ctx.state, s)) }, page.link)
}

export const createDeploymentStatus: Handler = (ctx, [owner, name, id]) => {
  const op = 'POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses'
  const d = deploymentOf(ctx, owner, name, id)
  if (d == null) return notFound(ctx.state, op)
  const problem = bodyProblem(ctx.state.requestSchemas[op], ctx.body)
  if (problem != null) return validationFailed(ctx.state, op, problem)
  const b = ctx.body as Obj
  if (typeof b.description === 'string' && b.description.length > 140) {
    return validationFailed(ctx.state, op, 'Validation Failed', [{ resource: 'DeploymentStatus', field: 'description', code: 'custom', message: 'description is too long (maximum is 140 characters)' }])
  }
  const ofDeployment = (x: Obj): Obj[] => ctx.state.deploymentStatuses.filter(s => s.repo === x.repo && s.deployment_id === x.id).sort((p, q) => (p.id as number) - (q.id as number))
  const now = iso(ctx.now())
  const nextId = (): number => Math.max(0, ...ctx.state.deploymentStatuses.map(s => s.id as number)) + 1
  const status = (x: Obj, state: string, fields: Obj): Obj => {
    const sid = nextId()
    const s = { repo: x.repo, deployment_id: x.id, id: sid, node_id: Buffer.from(`016:DeploymentStatus${sid}`).toString('base64'), state, creator: ctx.login, description: '', environment: x.environment, target_url: '', log_url: '', environment_url: '', created_at: now, updated_at: now, ...fields }
    ctx.state.deploymentStatuses.push(s)
    x.updated_at = now
    return s
  }
  // log_url replaces target_url and sets it too; the environment defaults to the previous status's.
  const url = (b.log_url ?? b.target_url ?? '') as string
  const environment = (b.environment as string | undefined) ?? ofDeployment(d).at(-1)?.environment ?? d.environment
  const created = status(d, b.state as string, { description: b.description ?? '', environment, target_url: url, log_url: url, environment_url: b.environment_url ?? '' })
  // auto_inactive (default true): a success retires earlier successful deployments to the same
  // environment that are neither transient nor production.
  if (b.state === 'success' && b.auto_inactive !== false) {
    for (const other of ctx.state.deployments.filter(x => x.repo === d.repo && x.id !== d.id && x.environment === environment && x.transient_environment !== true && x.production_environment !== true)) {
      if (ofDeployment(other).at(-1)?.state === 'success') status(other, 'inactive', { environment })
    }
  }
  const body = renderDeploymentStatus(ctx.state, created)
  return { status: 201, op, body, headers: { location: body.url as string } }
}
