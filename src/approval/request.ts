// The approval request as stored in the shared store (JSON), and its state changes.
// Every change is read -> modify -> compareAndSet, retried on conflict, so two bot
// processes (or a button and a typed command) can never both make the same change:
// the change to `executing` is the exactly-once claim.
import type { ApprovalPolicy } from '../core/config.ts'
import { BotError } from '../core/errors.ts'
import type { SharedStore } from '../store/index.ts'
import { newShortId } from '../core/ids.ts'

export type RequestState = 'pending' | 'denied' | 'cancelled' | 'expired' | 'executing' | 'executed' | 'failed'

export interface ApprovalRequest {
  id: string
  listener_id: string
  /** The whole message text as typed (with the bot name), used to rebuild the message. */
  text: string
  /** The command as shown to people (without the bot name). */
  command: string
  /** The listener's match; unmatched groups are null in JSON. */
  match: Array<string | null>
  match_index: number
  /** Named groups of the match ((?<env>...)), when the listener's regex has any. */
  groups?: Record<string, string | null>
  requester: { id: string, name: string }
  room: string
  /** Slack thread timestamp of the original message, if it was in a thread. */
  thread: string | null
  policy: ApprovalPolicy
  approvals: string[]
  state: RequestState
  created_at: number
  expires_at: number
  decided_by?: { id: string, name: string }
  reason?: string
  break_glass?: { reason: string, at: number }
  reviewed_by?: string
  finished_at?: number
}

export const REQUEST_PREFIX = 'approval:req:'
export const USED_ID_PREFIX = 'approval:used:'
export const UNREVIEWED_PREFIX = 'approval:unreviewed:'
/** An unreviewed break-glass run stays listed this long at most (the audit log keeps it for good). */
export const UNREVIEWED_RETENTION_MS = 90 * 86_400_000
/** Retention: a request stays readable (`approval <id>`) this long after it expires. */
export const RECORD_RETENTION_MS = 7 * 86_400_000
/** Retention: a used id is not handed out again for this long (longer than the audit trail is read). */
export const USED_ID_RETENTION_MS = 400 * 86_400_000

const requestKey = (id: string): string => `${REQUEST_PREFIX}${id}`

function ttlFor (req: ApprovalRequest, now: number): number {
  return Math.max(1000, req.expires_at + RECORD_RETENTION_MS - now)
}

export type NewRequest = Omit<ApprovalRequest, 'id' | 'approvals' | 'state'>

/** Stores a pending request under a fresh id; the id is reserved (tombstone) before use. */
export async function createRequest (store: SharedStore, fields: NewRequest, now: number): Promise<ApprovalRequest> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const id = newShortId()
    if (!await store.setIfAbsent(`${USED_ID_PREFIX}${id}`, { at: now }, { ttlMs: USED_ID_RETENTION_MS })) continue
    const req: ApprovalRequest = { id, approvals: [], state: 'pending', ...fields }
    if (await store.setIfAbsent(requestKey(id), req, { ttlMs: ttlFor(req, now) })) return req
  }
  // 20 random ids all taken means a store that refuses every write, or one full of ids.
  throw new BotError('unavailable', "I couldn't store an approval request (no free request id after 20 tries), so nobody was asked and the command did not run. Try again; if it keeps happening, tell the bot's admins.")
}

export async function loadRequest (store: SharedStore, id: string): Promise<ApprovalRequest | null> {
  return await store.get<ApprovalRequest>(requestKey(id))
}

export async function listRequests (store: SharedStore): Promise<ApprovalRequest[]> {
  const keys = await store.keys(REQUEST_PREFIX)
  const all = await Promise.all(keys.map(async k => await store.get<ApprovalRequest>(k)))
  return all.filter((r): r is ApprovalRequest => r != null).sort((a, b) => a.created_at - b.created_at)
}

/** What a change function returns: the next record, or a refusal to tell the user. */
export type Change = { next: ApprovalRequest } | { refused: string }
export type Outcome = { ok: true, before: ApprovalRequest, after: ApprovalRequest } | { ok: false, refused: string }

/**
 * Applies `change` atomically: read, modify, compareAndSet, retry on conflict. Only one
 * caller can move a record out of a given version, so a transition happens once.
 */
export async function updateRequest (store: SharedStore, id: string, now: () => number, change: (current: ApprovalRequest) => Change): Promise<Outcome | null> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const current = await loadRequest(store, id)
    if (current == null) return null
    const result = change(current)
    if ('refused' in result) return { ok: false, refused: result.refused }
    if (await store.compareAndSet(requestKey(id), current, result.next, { ttlMs: ttlFor(result.next, now()) })) {
      return { ok: true, before: current, after: result.next }
    }
  }
  throw new BotError('conflict', `request ${id} kept changing while I tried to update it (someone else is acting on it right now); nothing was done. Check its state and try again.`)
}

/** Why a request that is not pending cannot be decided, in words. */
export function notPendingReason (req: ApprovalRequest, now: number): string | null {
  switch (req.state) {
    case 'pending': return now >= req.expires_at ? `request ${req.id} has expired; ask the requester to run the command again.` : null
    case 'denied': return `request ${req.id} was denied${req.decided_by != null ? ` by ${req.decided_by.name}` : ''}; it can't be approved any more.`
    case 'cancelled': return req.decided_by == null || req.decided_by.id === req.requester.id
      ? `request ${req.id} was cancelled by the requester.`
      : `request ${req.id} was cancelled by ${req.decided_by.name}${req.reason != null ? ` (${req.reason})` : ''}; ask the requester to run the command again.`
    case 'expired': return `request ${req.id} has expired; ask the requester to run the command again.`
    case 'executing': return `request ${req.id} is already approved and running.`
    case 'executed': return `request ${req.id} was already approved and has run.`
    case 'failed': return `request ${req.id} was already approved; it ran and failed.`
  }
}
