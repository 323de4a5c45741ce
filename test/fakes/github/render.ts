// Turns the fake's records into GitHub's objects. Each starts from the spec's example of that
// object (state.templates, key order included) and overrides every value that names a
// repository, user, number or SHA, so nothing of the example's octocat/Hello-World leaks
// through (github-spec.test.ts checks that). URLs use the seed's origins; the fake rewrites
// them to its own as it answers.
import { createHash } from 'node:crypto'
import { ancestors, findCommit, findUser, type CommitRecord, type GitHubState, type ItemRecord, type Obj } from './state.ts'

const sha1 = (s: string): string => createHash('sha1').update(s).digest('hex')
const pick = (obj: Obj, keys: string[]): Obj => Object.fromEntries(keys.map(k => [k, obj[k]]))
const urls = (state: GitHubState, repo: string): { api: string, web: string } =>
  ({ api: `${state.origins.api}/repos/${repo}`, web: `${state.origins.web}/${repo}` })

export function userView (state: GitHubState, login: string): Obj {
  const user = findUser(state, login)
  if (user == null) throw new Error(`fake GitHub: no user ${login} in the state`)
  return pick(user, state.views.simpleUser)
}

export type RepoView = 'fullRepository' | 'minimalRepository' | 'repository' | 'statusRepository'
export const repoView = (state: GitHubState, repo: Obj, view: RepoView): Obj => pick(repo, state.views[view])
const repoNamed = (state: GitHubState, fullName: string): Obj => state.repos.find(r => r.full_name === fullName)!

function labelsOf (state: GitHubState, item: ItemRecord): Obj[] {
  return item.labels.map(name => (state.labels[item.repo] ?? []).find(l => l.name === name)).filter((l): l is Obj => l != null)
}
const milestoneOf = (state: GitHubState, item: ItemRecord): Obj | null =>
  item.milestone == null ? null : (state.milestones[item.repo] ?? []).find(m => m.number === item.milestone) ?? null

/** A pull request as GET /repos/{owner}/{repo}/pulls lists it (pull-request-simple). */
export function renderPull (state: GitHubState, item: ItemRecord): Obj {
  const p = item.pull!
  const { api, web } = urls(state, item.repo)
  const n = item.number
  const repo = repoNamed(state, item.repo)
  const owner = repo.owner.login as string
  const side = (s: { ref: string, sha: string }): Obj => ({ label: `${owner}:${s.ref}`, ref: s.ref, sha: s.sha, user: userView(state, owner), repo: repoView(state, repo, 'repository') })
  const assignees = item.assignees.map(a => userView(state, a))
  return {
    ...state.templates.pull,
    url: `${api}/pulls/${n}`, id: p.id, node_id: p.node_id, html_url: `${web}/pull/${n}`, diff_url: `${web}/pull/${n}.diff`, patch_url: `${web}/pull/${n}.patch`,
    issue_url: `${api}/issues/${n}`, commits_url: `${api}/pulls/${n}/commits`, review_comments_url: `${api}/pulls/${n}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`, comments_url: `${api}/issues/${n}/comments`, statuses_url: `${api}/statuses/${p.head.sha}`,
    number: n, state: item.state, locked: item.locked, title: item.title, user: userView(state, item.user), body: item.body,
    labels: labelsOf(state, item), milestone: milestoneOf(state, item), active_lock_reason: null,
    created_at: item.created_at, updated_at: item.updated_at, closed_at: item.closed_at, merged_at: p.merged_at, merge_commit_sha: p.merge_commit_sha,
    assignee: assignees[0] ?? null, assignees,
    requested_reviewers: p.requested_reviewers.map(r => userView(state, r)), requested_teams: p.requested_teams.map(t => state.teams[t]),
    head: side(p.head), base: side(p.base),
    _links: {
      self: { href: `${api}/pulls/${n}` }, html: { href: `${web}/pull/${n}` }, issue: { href: `${api}/issues/${n}` }, comments: { href: `${api}/issues/${n}/comments` },
      review_comments: { href: `${api}/pulls/${n}/comments` }, review_comment: { href: `${api}/pulls/comments{/number}` },
      commits: { href: `${api}/pulls/${n}/commits` }, statuses: { href: `${api}/statuses/${p.head.sha}` }
    },
    author_association: item.author_association, auto_merge: null, draft: p.draft
  }
}

/** An issue or pull request as GET /search/issues returns it (issue-search-result-item). */
export function renderSearchItem (state: GitHubState, item: ItemRecord): Obj {
  const { api, web } = urls(state, item.repo)
  const n = item.number
  const p = item.pull
  const assignees = item.assignees.map(a => userView(state, a))
  const out: Obj = {
    ...state.templates.searchItem,
    url: `${api}/issues/${n}`, repository_url: api, labels_url: `${api}/issues/${n}/labels{/name}`, comments_url: `${api}/issues/${n}/comments`,
    events_url: `${api}/issues/${n}/events`, html_url: p != null ? `${web}/pull/${n}` : `${web}/issues/${n}`,
    id: item.id, node_id: item.node_id, number: n, title: item.title, user: userView(state, item.user), labels: labelsOf(state, item),
    state: item.state, assignee: assignees[0] ?? null, milestone: milestoneOf(state, item), comments: item.comments,
    created_at: item.created_at, updated_at: item.updated_at, closed_at: item.closed_at,
    // The example's pull_request.url ("https://api/github.com/...") and patch_url (an API path) are
    // typos; these are the links GitHub gives.
    pull_request: p == null ? undefined : { url: `${api}/pulls/${n}`, html_url: `${web}/pull/${n}`, diff_url: `${web}/pull/${n}.diff`, patch_url: `${web}/pull/${n}.patch`, merged_at: p.merged_at },
    body: item.body ?? undefined, score: 1, locked: item.locked, author_association: item.author_association, state_reason: item.state_reason,
    assignees, draft: p?.draft
  }
  // The example's issue type ("Bug") only exists where an organization defines issue types; ours do
  // not. The spec declares `body` a string (not nullable), so an empty body is left out.
  delete out.type
  for (const k of ['pull_request', 'body', 'draft']) if (out[k] === undefined) delete out[k]
  return out
}

const gitUser = (state: GitHubState, login: string, date: string): Obj => {
  const u = findUser(state, login)!
  return { name: (u.name as string | null) ?? login, email: `${String(u.id)}+${login}@users.noreply.github.com`, date }
}
function diffEntry (state: GitHubState, repo: string, commitSha: string, f: Obj): Obj {
  const { api, web } = urls(state, repo)
  const additions = f.additions as number
  const deletions = f.deletions as number
  return {
    sha: sha1(`${commitSha}:${String(f.filename)}`), filename: f.filename, status: f.status, additions, deletions, changes: additions + deletions,
    blob_url: `${web}/blob/${commitSha}/${String(f.filename)}`, raw_url: `${web}/raw/${commitSha}/${String(f.filename)}`,
    contents_url: `${api}/contents/${String(f.filename)}?ref=${commitSha}`, patch: `@@ -1,${deletions} +1,${additions} @@`
  }
}

/** A commit; with `detail`, also its stats and files (GET /commits/{ref}), else as lists show it. */
export function renderCommit (state: GitHubState, c: CommitRecord, detail: boolean): Obj {
  const { api, web } = urls(state, c.repo)
  const t = state.templates.commit
  const tree = sha1(`tree:${c.sha}`)
  const out: Obj = {
    ...t,
    url: `${api}/commits/${c.sha}`, sha: c.sha, node_id: Buffer.from(`06:Commit${c.sha}`).toString('base64'), html_url: `${web}/commit/${c.sha}`,
    comments_url: `${api}/commits/${c.sha}/comments`,
    commit: { ...t.commit, url: `${api}/git/commits/${c.sha}`, author: gitUser(state, c.author, c.date), committer: gitUser(state, c.author, c.date), message: c.message, tree: { url: `${api}/git/trees/${tree}`, sha: tree }, comment_count: 0 },
    author: userView(state, c.author), committer: userView(state, c.author),
    parents: c.parents.map(sha => ({ url: `${api}/commits/${sha}`, sha })),
    stats: undefined, files: undefined
  }
  if (detail) {
    const files = c.files.map(f => diffEntry(state, c.repo, c.sha, f))
    const additions = files.reduce((n, f) => n + (f.additions as number), 0)
    const deletions = files.reduce((n, f) => n + (f.deletions as number), 0)
    Object.assign(out, { stats: { additions, deletions, total: additions + deletions }, files })
  } else {
    delete out.stats
    delete out.files
  }
  return out
}

export interface Comparison { status: string, ahead: CommitRecord[], behind: number, mergeBase: CommitRecord }
/** How `head` compares with `base` (`git log base..head`, oldest first), or null without a common ancestor. */
export function compare (state: GitHubState, repo: string, baseSha: string, headSha: string): Comparison | null {
  const fromBase = ancestors(state, repo, baseSha)
  const fromHead = ancestors(state, repo, headSha)
  const common = [...fromHead].filter(s => fromBase.has(s)).map(s => findCommit(state, repo, s)!)
  if (common.length === 0) return null
  // The merge base: the newest common commit (histories here have no criss-cross merges).
  const mergeBase = common.sort((a, b) => b.date.localeCompare(a.date))[0]
  const ahead = [...fromHead].filter(s => !fromBase.has(s)).map(s => findCommit(state, repo, s)!).sort((a, b) => a.date.localeCompare(b.date))
  const behind = [...fromBase].filter(s => !fromHead.has(s)).length
  const status = ahead.length > 0 && behind > 0 ? 'diverged' : ahead.length > 0 ? 'ahead' : behind > 0 ? 'behind' : 'identical'
  return { status, ahead, behind, mergeBase }
}

export function renderComparison (state: GitHubState, repo: string, basehead: string, base: CommitRecord, head: CommitRecord, c: Comparison, commits: CommitRecord[], withFiles: boolean): Obj {
  const { api, web } = urls(state, repo)
  const owner = repo.split('/')[0]
  // Files changed over the whole comparison, once each, in the order first touched.
  const files = new Map<string, Obj>()
  for (const commit of c.ahead) {
    for (const f of commit.files) {
      const seen = files.get(f.filename as string)
      const entry = diffEntry(state, repo, commit.sha, f)
      files.set(f.filename as string, seen == null ? entry : { ...entry, status: seen.status, additions: seen.additions + entry.additions, deletions: seen.deletions + entry.deletions, changes: seen.changes + entry.changes })
    }
  }
  const out: Obj = {
    ...state.templates.comparison,
    url: `${api}/compare/${basehead}`, html_url: `${web}/compare/${basehead}`,
    permalink_url: `${web}/compare/${owner}:${base.sha}...${owner}:${head.sha}`,
    diff_url: `${web}/compare/${basehead}.diff`, patch_url: `${web}/compare/${basehead}.patch`,
    base_commit: renderCommit(state, base, false), merge_base_commit: renderCommit(state, c.mergeBase, false),
    status: c.status, ahead_by: c.ahead.length, behind_by: c.behind, total_commits: c.ahead.length,
    commits: commits.map(commit => renderCommit(state, commit, false)), files: [...files.values()]
  }
  // With paging, the files are only on the first page (the spec's description of compare).
  if (!withFiles) delete out.files
  return out
}

/** The latest status per context, newest first, and the combined state GitHub derives from them. */
export function latestStatuses (state: GitHubState, repo: string, sha: string): { state: string, statuses: Obj[] } {
  const latest = new Map<string, Obj>()
  for (const s of state.statuses.filter(s => s.repo === repo && s.sha === sha).sort((a, b) => (a.created_at as string).localeCompare(b.created_at as string))) latest.set(s.context as string, s)
  const statuses = [...latest.values()].sort((a, b) => (b.created_at as string).localeCompare(a.created_at as string))
  const states = statuses.map(s => s.state as string)
  const combined = states.some(s => s === 'error' || s === 'failure') ? 'failure' : states.length === 0 || states.includes('pending') ? 'pending' : 'success'
  return { state: combined, statuses }
}

export function renderStatus (state: GitHubState, s: Obj): Obj {
  return {
    ...state.templates.combinedStatus.statuses[0],
    url: `${urls(state, s.repo as string).api}/statuses/${String(s.sha)}`, avatar_url: findUser(state, s.creator as string)!.avatar_url,
    id: s.id, node_id: s.node_id, state: s.state, description: s.description, target_url: s.target_url, context: s.context, created_at: s.created_at, updated_at: s.updated_at
  }
}

export function renderCombinedStatus (state: GitHubState, repo: string, sha: string, combined: string, statuses: Obj[], total: number): Obj {
  const { api } = urls(state, repo)
  // The example's commit_url and url lack the /commits/ segment GitHub puts there.
  return { ...state.templates.combinedStatus, state: combined, statuses, sha, total_count: total, repository: repoView(state, repoNamed(state, repo), 'statusRepository'), commit_url: `${api}/commits/${sha}`, url: `${api}/commits/${sha}/status` }
}

export function renderCheckRun (state: GitHubState, run: Obj): Obj {
  const { api, web } = urls(state, run.repo as string)
  const t = state.templates.checkRun
  const repo = repoNamed(state, run.repo as string)
  const minimalRepo = { id: repo.id, url: repo.url, name: repo.name }
  // GitHub lists the open pull requests whose head is the checked commit.
  const pulls = state.items.filter(i => i.repo === run.repo && i.state === 'open' && i.pull?.head.sha === run.head_sha)
  return {
    ...t,
    id: run.id, head_sha: run.head_sha, node_id: run.node_id, external_id: '', url: `${state.origins.api}/repos/${String(run.repo)}/check-runs/${String(run.id)}`,
    html_url: `${web}/runs/${String(run.id)}`, details_url: `https://ci.acme.example/runs/${String(run.id)}`, status: run.status, conclusion: run.conclusion,
    started_at: run.started_at, completed_at: run.completed_at,
    output: { title: run.title, summary: run.summary, text: null, annotations_count: 0, annotations_url: `${api}/check-runs/${String(run.id)}/annotations` },
    name: run.name, check_suite: { id: run.check_suite_id },
    pull_requests: pulls.map(i => ({ url: `${api}/pulls/${i.number}`, id: i.pull!.id, number: i.number, head: { ref: i.pull!.head.ref, sha: i.pull!.head.sha, repo: minimalRepo }, base: { ref: i.pull!.base.ref, sha: i.pull!.base.sha, repo: minimalRepo } }))
  }
}

export function renderDeployment (state: GitHubState, d: Obj): Obj {
  const { api } = urls(state, d.repo as string)
  const { repo: _, ...fields } = d
  const nodeId = Buffer.from(`010:Deployment${String(d.id)}`).toString('base64')
  return { ...state.templates.deployment, ...fields, node_id: nodeId, creator: userView(state, d.creator as string), url: `${api}/deployments/${String(d.id)}`, statuses_url: `${api}/deployments/${String(d.id)}/statuses`, repository_url: api }
}

export function renderDeploymentStatus (state: GitHubState, s: Obj): Obj {
  const { api } = urls(state, s.repo as string)
  const { repo: _, deployment_id: id, ...fields } = s
  return { ...state.templates.deploymentStatus, ...fields, creator: userView(state, s.creator as string), url: `${api}/deployments/${String(id)}/statuses/${String(s.id)}`, deployment_url: `${api}/deployments/${String(id)}`, repository_url: api }
}
