// Which tickets each chat word means, as Zendesk search queries, and the agent-view links.
// "Unsolved" is Zendesk's own view: every status before solved (new, open, pending, hold).
// hubot-zendesk answered "pending tickets" with the unsolved count; each word here has its
// own query, and a test holds every count to the fake's seed.

export type Selection = 'unsolved' | 'new' | 'open' | 'pending' | 'hold' | 'escalated'

interface SelectionInfo { query: string, adjective: string, suffix: string }

export const SELECTIONS: Record<Selection, SelectionInfo> = {
  unsolved: { query: 'type:ticket status<solved', adjective: 'unsolved', suffix: '' },
  new: { query: 'type:ticket status:new', adjective: 'new', suffix: '' },
  open: { query: 'type:ticket status:open', adjective: 'open', suffix: '' },
  pending: { query: 'type:ticket status:pending', adjective: 'pending', suffix: '' },
  hold: { query: 'type:ticket status:hold', adjective: '', suffix: 'on hold' },
  escalated: { query: 'type:ticket status<solved tags:escalated', adjective: 'unsolved', suffix: 'tagged escalated' }
}

/** "12 open tickets", "1 ticket on hold", "no unsolved tickets tagged escalated". */
export function ticketsPhrase (selection: Selection, count: number): string {
  const { adjective, suffix } = SELECTIONS[selection]
  return [count === 0 ? 'no' : String(count), adjective, count === 1 ? 'ticket' : 'tickets', suffix].filter(Boolean).join(' ')
}

/** The word typed before "tickets" (none, "all", "on hold"...) -> the selection. */
export function selectionOf (word: string | undefined): Selection {
  const w = (word ?? '').toLowerCase().replace(/[\s-]+/g, ' ').trim()
  if (w === '' || w === 'all') return 'unsolved'
  if (w === 'on hold') return 'hold'
  if (w === 'new' || w === 'open' || w === 'pending' || w === 'escalated') return w
  throw new Error(`no ticket selection "${w}"`) // the listener regexes admit only the words above
}

/** The agent view of one ticket. */
export function ticketLink (webUrl: string, id: number): string {
  return `${webUrl}/agent/tickets/${id}`
}

/** The agent search for a query: where "and N more" sends people for the rest. */
export function searchLink (webUrl: string, query: string): string {
  return `${webUrl}/agent/search/1?${new URLSearchParams({ type: 'ticket', q: query }).toString()}`
}
