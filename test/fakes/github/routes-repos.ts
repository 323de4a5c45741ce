// Users, organization repositories, a repository, its pull requests, and issue search.
// Each honours the parameters the spec declares for it; what it does not model is a 422
// naming the parameter, never a silently ignored one.
import { paginate } from './paging.ts'
import { renderPull, renderSearchItem, repoView } from './render.ts'
import { badEnum, notFound, validationFailed, withLink, type Handler } from './reply.ts'
import { CANNOT_SEARCH, QueryError, itemFilter, parseQuery, sortItems, unknownNames } from './search-query.ts'
import { findRepo, findUser, type ItemRecord, type Obj } from './state.ts'

// Search returns at most the first 1,000 results; a page past them is a 422 with this message.
const SEARCH_LIMIT = 1000
const DAY = 86_400_000

export const getUser: Handler = (ctx, [username]) => {
  const op = 'GET /users/{username}'
  const user = findUser(ctx.state, username)
  return user == null ? notFound(ctx.state, op) : { status: 200, op, body: user }
}

export const getRepo: Handler = (ctx, [owner, name]) => {
  const op = 'GET /repos/{owner}/{repo}'
  const repo = findRepo(ctx.state, owner, name)
  return repo == null ? notFound(ctx.state, op) : { status: 200, op, body: repoView(ctx.state, repo, 'fullRepository') }
}

export const listOrgRepos: Handler = (ctx, [org]) => {
  const op = 'GET /orgs/{org}/repos'
  const q = ctx.query
  const owner = findUser(ctx.state, org)
  if (owner?.type !== 'Organization') return notFound(ctx.state, op)
  const bad = badEnum(ctx.state, op, q, 'type', ['all', 'public', 'private', 'forks', 'sources', 'member'], 'Repository') ??
    badEnum(ctx.state, op, q, 'sort', ['created', 'updated', 'pushed', 'full_name'], 'Repository') ??
    badEnum(ctx.state, op, q, 'direction', ['asc', 'desc'], 'Repository')
  if (bad != null) return bad
  const type = q.get('type') ?? 'all'
  const sort = q.get('sort') ?? 'created'
  // The spec: direction defaults to asc for full_name, else desc.
  const sign = (q.get('direction') ?? (sort === 'full_name' ? 'asc' : 'desc')) === 'asc' ? 1 : -1
  // The bot's account is a member of every repository here, so `member` is everything.
  const repos = ctx.state.repos
    .filter(r => (r.owner.login as string).toLowerCase() === org.toLowerCase())
    .filter(r => ({ all: true, member: true, public: !(r.private as boolean), private: r.private as boolean, forks: r.fork as boolean, sources: !(r.fork as boolean) })[type])
    .sort((a, b) => {
      const [x, y] = [a, b].map(r => String(sort === 'full_name' ? r.full_name : r[`${sort}_at`]))
      return x < y ? -sign : x > y ? sign : (a.id as number) - (b.id as number)
    })
  const page = paginate(repos, q, ctx.url)
  return withLink({ status: 200, op, body: page.items.map(r => repoView(ctx.state, r, 'minimalRepository')) }, page.link)
}

export const listPulls: Handler = (ctx, [owner, name]) => {
  const op = 'GET /repos/{owner}/{repo}/pulls'
  const q = ctx.query
  const repo = findRepo(ctx.state, owner, name)
  if (repo == null) return notFound(ctx.state, op)
  const bad = badEnum(ctx.state, op, q, 'state', ['open', 'closed', 'all'], 'PullRequest') ??
    badEnum(ctx.state, op, q, 'sort', ['created', 'updated', 'popularity', 'long-running'], 'PullRequest') ??
    badEnum(ctx.state, op, q, 'direction', ['asc', 'desc'], 'PullRequest')
  if (bad != null) return bad
  const head = q.get('head')?.split(':')
  if (head != null && head.length < 2) return validationFailed(ctx.state, op, 'fake GitHub: head must be user:ref-name or organization:ref-name')
  const state = q.get('state') ?? 'open'
  const sort = q.get('sort') ?? 'created'
  // The spec: direction defaults to desc for created (or no sort), else asc.
  const sign = (q.get('direction') ?? (sort === 'created' ? 'desc' : 'asc')) === 'asc' ? 1 : -1
  const now = ctx.now()
  let pulls = ctx.state.items.filter(i => i.repo === repo.full_name && i.pull != null)
    .filter(i => state === 'all' || i.state === state)
    // Owner names match without regard to case; branch names do not.
    .filter(i => head == null || ((repo.owner.login as string).toLowerCase() === head[0].toLowerCase() && i.pull!.head.ref === head.slice(1).join(':')))
    .filter(i => q.get('base') == null || i.pull!.base.ref === q.get('base'))
  // long-running: open more than a month, with activity in the past month; sorted by creation.
  if (sort === 'long-running') pulls = pulls.filter(i => Date.parse(i.created_at) < now - 30 * DAY && Date.parse(i.updated_at) >= now - 30 * DAY)
  const key = (i: ItemRecord): string | number => sort === 'updated' ? i.updated_at : sort === 'popularity' ? i.comments : i.created_at
  pulls.sort((a, b) => { const x = key(a); const y = key(b); return x < y ? -sign : x > y ? sign : sign * (a.number - b.number) })
  const page = paginate(pulls, q, ctx.url)
  return withLink({ status: 200, op, body: page.items.map(i => renderPull(ctx.state, i)) }, page.link)
}

export const searchIssues: Handler = (ctx) => {
  const op = 'GET /search/issues'
  const q = ctx.query
  const query = q.get('q')
  if (query == null || query.trim() === '') return validationFailed(ctx.state, op, 'Validation Failed', [{ resource: 'Search', field: 'q', code: 'missing' }])
  // Semantic and hybrid search rank by embeddings; nothing the fake could imitate.
  if (q.get('search_type') != null) return validationFailed(ctx.state, op, 'fake GitHub: search_type (semantic, hybrid) is not modelled')
  try {
    const terms = parseQuery(query)
    const unknown = unknownNames(terms, ctx.state)
    if (unknown.length > 0) return validationFailed(ctx.state, op, 'Validation Failed', [{ message: CANNOT_SEARCH, resource: 'Search', field: 'q', code: 'invalid' }])
    const found = sortItems(ctx.state.items.filter(itemFilter(terms, ctx.state)), q.get('sort'), q.get('order'))
    const page = paginate(found, q, ctx.url, SEARCH_LIMIT)
    if ((page.page - 1) * page.perPage >= SEARCH_LIMIT) return validationFailed(ctx.state, op, `Only the first ${SEARCH_LIMIT} search results are available`)
    // Key order as the spec's example has it (search_type before items) unless told otherwise:
    // octokit.paginate takes the first key left after total_count and incomplete_results as the
    // list, and breaks on this order. Whether GitHub sends it so is not documented.
    const items = page.items.map(i => renderSearchItem(ctx.state, i))
    const body: Obj = ctx.searchTypeFirst
      ? { total_count: found.length, incomplete_results: false, search_type: 'lexical', items }
      : { total_count: found.length, incomplete_results: false, items, search_type: 'lexical' }
    return withLink({ status: 200, op, body }, page.link)
  } catch (err) {
    if (!(err instanceof QueryError)) throw err
    return err.github
      ? validationFailed(ctx.state, op, 'Validation Failed', [{ message: err.message, resource: 'Search', field: 'q', code: 'invalid' }])
      : validationFailed(ctx.state, op, err.message)
  }
}
