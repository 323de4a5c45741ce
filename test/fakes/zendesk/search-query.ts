// The part of Zendesk's search syntax the fake understands, for tickets only
// (https://support.zendesk.com/hc/en-us/articles/4408886879258):
//   type:ticket (required: the fake holds no users, groups or organizations to search)
//   status:<s>, status<s, status>s, status<=s, status>=s  (new < open < pending < hold < solved < closed)
//   priority:<p> and its comparisons (low < normal < high < urgent), ticket_type:<t>,
//   tags:<t> (or tag:), assignee:/requester:/submitter: <id | email | none>
//   a leading - negates a term; "a phrase" and bare words are free text (a word matches a word
//   or a word's prefix in the subject or description); a bare number also matches the ticket id.
// Terms are ANDed, except that several `key:value` terms with the same key are ORed, as
// Zendesk does (status:open status:pending). Anything else is a QueryError, which the fake
// answers with 400: Zendesk would run it, but a fake that silently ignored a term would let
// a script's wrong query pass its tests.
import type { Obj } from './state.ts'

export class QueryError extends Error {}

const ORDER: Record<string, string[]> = {
  status: ['new', 'open', 'pending', 'hold', 'solved', 'closed'],
  priority: ['low', 'normal', 'high', 'urgent']
}
const VALUES: Record<string, string[]> = { ...ORDER, ticket_type: ['question', 'incident', 'problem', 'task'], type: ['ticket'] }
const PEOPLE: Record<string, string> = { assignee: 'assignee_id', requester: 'requester_id', submitter: 'submitter_id' }
const KEYS = new Set([...Object.keys(VALUES), ...Object.keys(PEOPLE), 'tags', 'tag'])

interface Term { negate: boolean, key: string | null, op: string, value: string, phrase: boolean }
const TOKEN = /(-)?(?:([a-z_]+)(<=|>=|:|<|>))?(?:"([^"]*)"|(\S+))/gi

export function parseQuery (query: string): Term[] {
  const terms: Term[] = []
  for (const m of query.matchAll(TOKEN)) {
    const [, minus, rawKey, op = ':', quoted, word] = m
    const key = rawKey?.toLowerCase() ?? null
    const value = (quoted ?? word).toLowerCase()
    if (key != null && !KEYS.has(key)) throw new QueryError(`fake Zendesk: search keyword "${key}" is not modelled`)
    if (key == null && /[<>*]|^[a-z_]+:/.test(value)) throw new QueryError(`fake Zendesk: search term "${value}" is not modelled`)
    if (key != null && op !== ':' && ORDER[key] == null) throw new QueryError(`fake Zendesk: "${key}" takes only ":"`)
    if (key != null && VALUES[key] != null && !VALUES[key].includes(value)) throw new QueryError(`fake Zendesk: "${value}" is not a ${key}`)
    terms.push({ negate: minus != null, key: key === 'tag' ? 'tags' : key, op, value, phrase: quoted != null })
  }
  if (!terms.some(t => t.key === 'type' && !t.negate)) throw new QueryError('fake Zendesk: only ticket searches are modelled; add type:ticket')
  return terms
}

function matchOne (t: Term, ticket: Obj, users: Obj[]): boolean {
  if (t.key === 'type') return true
  if (t.key === 'tags') return (ticket.tags as string[]).includes(t.value)
  if (t.key === 'ticket_type') return ticket.type === t.value
  if (t.key != null && PEOPLE[t.key] != null) {
    const id = ticket[PEOPLE[t.key]] as number | null
    if (t.value === 'none') return id == null
    const who = users.find(u => String(u.id) === t.value || String(u.email).toLowerCase() === t.value)
    return who != null && who.id === id
  }
  if (t.key != null) {
    const order = ORDER[t.key]
    const have = order.indexOf(ticket[t.key] as string)
    const want = order.indexOf(t.value)
    if (have < 0) return false // no priority: in no comparison
    return { ':': have === want, '<': have < want, '>': have > want, '<=': have <= want, '>=': have >= want }[t.op] ?? false
  }
  const text = `${String(ticket.subject ?? '')} ${String(ticket.description ?? '')}`.toLowerCase()
  if (t.phrase) return text.includes(t.value)
  if (/^\d+$/.test(t.value) && String(ticket.id) === t.value) return true
  return text.split(/[^a-z0-9]+/).some(w => w.startsWith(t.value))
}

/** A predicate for tickets matching `query`; throws QueryError for what the fake does not model. */
export function ticketFilter (query: string, users: Obj[]): (ticket: Obj) => boolean {
  const terms = parseQuery(query)
  const anyOf = new Map<string, Term[]>() // same key, ":" and not negated: ORed
  const allOf: Term[] = []
  for (const t of terms) {
    if (t.key != null && t.op === ':' && !t.negate) anyOf.set(t.key, [...(anyOf.get(t.key) ?? []), t])
    else allOf.push(t)
  }
  return ticket => [...anyOf.values()].every(group => group.some(t => matchOne(t, ticket, users))) &&
    allOf.every(t => matchOne(t, ticket, users) !== t.negate)
}

const SORT_KEYS: Record<string, (t: Obj) => string | number> = {
  updated_at: t => Date.parse(t.updated_at as string),
  created_at: t => Date.parse(t.created_at as string),
  // Tickets without a priority or type sort before every value.
  priority: t => ORDER.priority.indexOf(t.priority as string),
  status: t => ORDER.status.indexOf(t.status as string),
  ticket_type: t => (t.type as string | null) ?? ''
}

/** Sorted as sort_by/sort_order ask (default desc); without sort_by, by id (the fake's stand-in for relevance). */
export function sortTickets (tickets: Obj[], sortBy: string | null, sortOrder: string | null): Obj[] {
  if (sortBy != null && SORT_KEYS[sortBy] == null) throw new QueryError(`fake Zendesk: sort_by must be one of ${Object.keys(SORT_KEYS).join(', ')}`)
  if (sortOrder != null && sortOrder !== 'asc' && sortOrder !== 'desc') throw new QueryError('fake Zendesk: sort_order must be asc or desc')
  const byId = [...tickets].sort((a, b) => (a.id as number) - (b.id as number))
  if (sortBy == null) return byId
  const key = SORT_KEYS[sortBy]
  const sign = sortOrder === 'asc' ? 1 : -1
  // Ties keep id order, so pages never overlap or skip.
  return byId.sort((a, b) => { const x = key(a); const y = key(b); return x < y ? -sign : x > y ? sign : 0 })
}
