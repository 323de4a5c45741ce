// The fake GitHub's in-memory world, seeded from test/fixtures/github/seed.json (built from
// the spec's examples by build-fixtures.mjs): users and organizations, repositories, issues and
// pull requests (one record each; render.ts turns them into GitHub's objects), git history
// (commits, branches, tags), commit statuses, check runs and deployments. Tests may change it.
import { readFileSync } from 'node:fs'
import path from 'node:path'

export type Obj = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON from the fixtures

const SEED = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'github', 'seed.json')

export interface PullPart {
  id: number
  node_id: string
  draft: boolean
  head: { ref: string, sha: string }
  base: { ref: string, sha: string }
  merged_at: string | null
  merge_commit_sha: string | null
  requested_reviewers: string[]
  requested_teams: string[]
}
/** An issue, or a pull request when `pull` is set (GitHub numbers both in one sequence). */
export interface ItemRecord {
  repo: string
  number: number
  id: number
  node_id: string
  title: string
  body: string | null
  user: string
  state: 'open' | 'closed'
  state_reason: string | null
  locked: boolean
  labels: string[]
  assignees: string[]
  milestone: number | null
  comments: number
  author_association: string
  created_at: string
  updated_at: string
  closed_at: string | null
  pull: PullPart | null
}
export interface CommitRecord { repo: string, sha: string, parents: string[], message: string, author: string, date: string, files: Obj[] }
export interface GitRefs { branches: Record<string, string>, tags: Record<string, string> }

export interface GitHubState {
  /** The origins the seed's URLs use; the fake answers with its own instead. */
  origins: { api: string, web: string }
  /** Documentation URL per "METHOD /template", for error bodies. */
  docs: Record<string, string>
  /** The query parameters each operation declares, per "METHOD /template", from the spec. */
  queryParameters: Record<string, string[]>
  /** JSON Schemas of the request bodies, per "METHOD /template", from the spec. */
  requestSchemas: Record<string, Obj>
  /** Field lists of each view of a user or repository, from the spec's examples. */
  views: Record<'fullRepository' | 'minimalRepository' | 'repository' | 'statusRepository' | 'simpleUser', string[]>
  /** The spec's examples (fixed), whose shape every rendered object takes. */
  templates: Record<string, Obj>
  users: Obj[]
  repos: Obj[]
  labels: Record<string, Obj[]>
  milestones: Record<string, Obj[]>
  teams: Record<string, Obj>
  refs: Record<string, GitRefs>
  items: ItemRecord[]
  commits: CommitRecord[]
  statuses: Obj[]
  checkRuns: Obj[]
  deployments: Obj[]
  deploymentStatuses: Obj[]
}

export function seedState (): GitHubState {
  return JSON.parse(readFileSync(SEED, 'utf8')) as GitHubState
}

// GitHub matches owner, repository and user names without regard to case.
const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase()
export const findUser = (state: GitHubState, login: string): Obj | undefined => state.users.find(u => same(u.login as string, login))
export const findRepo = (state: GitHubState, owner: string, name: string): Obj | undefined =>
  state.repos.find(r => same(r.full_name as string, `${owner}/${name}`))
export const findCommit = (state: GitHubState, repo: string, sha: string): CommitRecord | undefined =>
  state.commits.find(c => c.repo === repo && c.sha === sha)

/**
 * The commit SHA a ref names, as GitHub resolves `{ref}`: a SHA (or a unique prefix of 7 or
 * more), a branch or tag name, or `heads/NAME`, `tags/NAME`, `refs/heads/NAME`, `refs/tags/NAME`.
 */
export function resolveRef (state: GitHubState, repo: string, ref: string): string | null {
  const refs = state.refs[repo] ?? { branches: {}, tags: {} }
  const bare = ref.replace(/^refs\//, '')
  if (bare.startsWith('heads/')) return refs.branches[bare.slice(6)] ?? null
  if (bare.startsWith('tags/')) return refs.tags[bare.slice(5)] ?? null
  if (refs.branches[ref] != null) return refs.branches[ref]
  if (refs.tags[ref] != null) return refs.tags[ref]
  if (/^[0-9a-f]{7,40}$/i.test(ref)) {
    const matches = state.commits.filter(c => c.repo === repo && c.sha.startsWith(ref.toLowerCase()))
    return matches.length === 1 ? matches[0].sha : null
  }
  return null
}

/** Every commit reachable from `sha` (itself included). */
export function ancestors (state: GitHubState, repo: string, sha: string): Set<string> {
  const seen = new Set<string>()
  const todo = [sha]
  while (todo.length > 0) {
    const next = todo.pop()!
    if (seen.has(next)) continue
    seen.add(next)
    todo.push(...(findCommit(state, repo, next)?.parents ?? []))
  }
  return seen
}

/**
 * `count` more open pull requests in `repo`, cloned from its first one, numbered after the
 * last item, updated one minute apart from `updatedFrom`; `fields` override the record.
 */
export function addPulls (state: GitHubState, repo: string, count: number, fields: Partial<ItemRecord> = {}, updatedFrom = '2026-11-01T00:00:00Z'): ItemRecord[] {
  // From the seed, not state.items: a test may have emptied the list first.
  const template = seedState().items.find(i => i.pull != null)!
  const first = Math.max(0, ...state.items.filter(i => i.repo === repo).map(i => i.number)) + 1
  const base = Math.max(0, ...state.items.map(i => i.id)) + 1
  const added = Array.from({ length: count }, (_, k): ItemRecord => {
    const id = base + k
    const updated = new Date(Date.parse(updatedFrom) + k * 60_000).toISOString().replace('.000Z', 'Z')
    return {
      ...structuredClone(template), repo, number: first + k, id, node_id: Buffer.from(`05:Issue${id}`).toString('base64'),
      title: `Generated pull request ${first + k}`, updated_at: updated, created_at: updated,
      pull: { ...structuredClone(template.pull!), id: id + 1_000_000, node_id: Buffer.from(`011:PullRequest${id + 1_000_000}`).toString('base64') },
      ...fields
    }
  })
  state.items.push(...added)
  return added
}
