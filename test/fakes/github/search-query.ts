// The part of GitHub's issue and pull request search syntax the fake understands
// (https://docs.github.com/search-github/searching-on-github/searching-issues-and-pull-requests):
//   is:pr | is:pull-request | is:issue | is:open | is:closed | is:merged | is:unmerged
//   type:pr | type:issue, state:open | state:closed, draft:true | draft:false
//   org:X, user:X (the owner), repo:OWNER/NAME, author:LOGIN (author:app/NAME for a bot),
//   assignee:LOGIN, label:NAME, archived:true | archived:false, in:title | in:body (or in:title,body)
//   a leading - negates a term; "a phrase" and bare words are free text, matched as whole words
//   (a phrase as a substring) in the title and body, case-insensitively.
// Terms are ANDed, except that repo:, org: and user: terms are ORed among themselves, as GitHub
// does. Anything else (AND/OR/NOT, parentheses, created:>..., other qualifiers) is a QueryError,
// answered with 422: GitHub would run it, but a fake that silently ignored a term would let a
// script's wrong query pass its tests.
import type { GitHubState, ItemRecord, Obj } from './state.ts'

export class QueryError extends Error {
  /** Whether GitHub itself refuses this (its own message), not just the fake. */
  constructor (message: string, readonly github = false) { super(github ? message : `fake GitHub: ${message}`) }
}

interface Term { negate: boolean, key: string | null, value: string, phrase: boolean }
const TOKEN = /(-)?(?:([a-z-]+):)?(?:"([^"]*)"|(\S+))/gi
const VALUES: Record<string, string[]> = {
  is: ['pr', 'pull-request', 'issue', 'open', 'closed', 'merged', 'unmerged'],
  type: ['pr', 'issue'],
  state: ['open', 'closed'],
  draft: ['true', 'false'],
  archived: ['true', 'false']
}
const NAMES = ['org', 'user', 'repo', 'author', 'assignee', 'label', 'in']
const ORED = new Set(['org', 'user', 'repo'])
// GitHub's own limit on q (its 422 says so).
export const MAX_QUERY_LENGTH = 256
/** GitHub's answer when a repo:, org:, user:, author: or assignee: names nothing it can search. */
export const CANNOT_SEARCH = 'The listed users and repositories cannot be searched either because the resources do not exist or you do not have permission to view them.'

export function parseQuery (q: string): Term[] {
  if (q.length > MAX_QUERY_LENGTH) throw new QueryError(`The search is longer than ${MAX_QUERY_LENGTH} characters.`, true)
  const terms: Term[] = []
  for (const m of q.matchAll(TOKEN)) {
    const [, minus, rawKey, quoted, word] = m
    const key = rawKey?.toLowerCase() ?? null
    const value = quoted ?? word
    if (key == null && quoted == null && (/^(AND|OR|NOT)$/.test(value) || /[()]/.test(value))) throw new QueryError(`boolean operators and parentheses are not modelled ("${value}")`)
    if (key == null && quoted == null && /^[a-z-]+:/i.test(value)) throw new QueryError(`search term "${value}" is not modelled`)
    if (key != null && VALUES[key] == null && !NAMES.includes(key)) throw new QueryError(`search qualifier "${key}:" is not modelled`)
    if (key != null && VALUES[key] != null && !VALUES[key].includes(value.toLowerCase())) throw new QueryError(`"${value}" is not a value of ${key}: the fake models (${VALUES[key].join(', ')})`)
    if (key === 'in' && (minus != null || !value.split(',').every(f => f === 'title' || f === 'body'))) throw new QueryError('in: takes title, body or title,body')
    terms.push({ negate: minus != null, key, value: NAMES.includes(key ?? '') ? value : value.toLowerCase(), phrase: quoted != null })
  }
  const repeated = terms.filter(t => t.key != null && !ORED.has(t.key) && !['is', 'label'].includes(t.key))
    .find((t, i, all) => all.findIndex(o => o.key === t.key) !== i)
  if (repeated != null) throw new QueryError(`"${String(repeated.key)}:" given twice is not modelled`)
  return terms
}

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase()
const words = (text: string): string[] => text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean)

function matchOne (t: Term, item: ItemRecord, repo: Obj, fields: Array<'title' | 'body'>): boolean {
  const isPull = item.pull != null
  switch (t.key) {
    case 'is':
      return { pr: isPull, 'pull-request': isPull, issue: !isPull, open: item.state === 'open', closed: item.state === 'closed', merged: item.pull?.merged_at != null, unmerged: isPull && item.pull?.merged_at == null }[t.value] ?? false
    case 'type': return t.value === 'pr' ? isPull : !isPull
    case 'state': return item.state === t.value
    case 'draft': return isPull && item.pull!.draft === (t.value === 'true')
    case 'archived': return repo.archived === (t.value === 'true')
    case 'org': case 'user': return same(item.repo.split('/')[0], t.value)
    case 'repo': return same(item.repo, t.value)
    case 'author': return same(item.user, authorLogin(t.value))
    case 'assignee': return item.assignees.some(a => same(a, t.value))
    case 'label': return item.labels.some(l => same(l, t.value))
    case 'in': return true
  }
  const text = fields.map(f => item[f] ?? '').join('\n')
  return t.phrase ? text.toLowerCase().includes(t.value) : words(text).includes(t.value)
}
// author:app/dependabot is how GitHub names a GitHub App's bot user, dependabot[bot].
const authorLogin = (value: string): string => value.toLowerCase().startsWith('app/') ? `${value.slice(4)}[bot]` : value

/** Names in repo:, org:, user:, author: and assignee: terms that GitHub could not search (unknown). */
export function unknownNames (terms: Term[], state: GitHubState): string[] {
  return terms.filter(t => {
    if (t.key === 'repo') return !state.repos.some(r => same(r.full_name as string, t.value))
    if (t.key === 'org' || t.key === 'user' || t.key === 'author' || t.key === 'assignee') return !state.users.some(u => same(u.login as string, t.key === 'author' ? authorLogin(t.value) : t.value))
    return false
  }).map(t => `${String(t.key)}:${t.value}`)
}

/** A predicate for the items `terms` match. */
export function itemFilter (terms: Term[], state: GitHubState): (item: ItemRecord) => boolean {
  const inTerm = terms.find(t => t.key === 'in' && !t.negate)
  const fields = (inTerm?.value.split(',') ?? ['title', 'body']) as Array<'title' | 'body'>
  const anyOf = new Map<string, Term[]>()
  const allOf: Term[] = []
  for (const t of terms) {
    if (t.key != null && ORED.has(t.key) && !t.negate) anyOf.set(t.key, [...(anyOf.get(t.key) ?? []), t])
    else allOf.push(t)
  }
  const repoOf = new Map(state.repos.map(r => [r.full_name as string, r]))
  return item => {
    const repo = repoOf.get(item.repo)!
    return [...anyOf.values()].every(group => group.some(t => matchOne(t, item, repo, fields))) &&
      allOf.every(t => matchOne(t, item, repo, fields) !== t.negate)
  }
}

const SORT_KEYS: Record<string, (i: ItemRecord) => string | number> = {
  created: i => i.created_at,
  updated: i => i.updated_at,
  comments: i => i.comments
}
/** Sorted as sort/order ask (order defaults to desc); without sort, by id (the fake's stand-in for best match). */
export function sortItems (items: ItemRecord[], sort: string | null, order: string | null): ItemRecord[] {
  if (sort != null && SORT_KEYS[sort] == null) throw new QueryError(`sort=${sort} is not modelled (created, updated, comments are)`)
  if (order != null && order !== 'asc' && order !== 'desc') throw new QueryError('order must be asc or desc')
  const byId = [...items].sort((a, b) => a.id - b.id)
  if (sort == null) return byId
  const key = SORT_KEYS[sort]
  const sign = order === 'asc' ? 1 : -1
  // Ties keep id order, so pages never overlap or skip.
  return byId.sort((a, b) => { const x = key(a); const y = key(b); return x < y ? -sign : x > y ? sign : 0 })
}
