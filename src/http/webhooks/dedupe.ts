// Vendors deliver at least once: a retry after a timeout, a redelivery from GitHub's
// settings page, a replayed capture all carry the id of a delivery already handled. The
// first to record the id in the shared store (SET NX on Redis) handles it; the record
// lasts a day, longer than any vendor retries, and holds across bot processes.
import { createHash } from 'node:crypto'
import type { Claim, SharedStore } from '../../store/index.ts'
import type { Clock } from '../../core/clock.ts'

export const DEDUPE_TTL_MS = 24 * 60 * 60_000

/** The store key of a delivery id: as sent when it is short and plain, else its digest. */
export function deliveryKey (vendor: string, id: string): string {
  const plain = /^[\w.:-]{1,100}$/.test(id) ? id : createHash('sha256').update(id).digest('hex')
  return `webhook:${vendor}:${plain}`
}

/**
 * Won for the first delivery of `id` within a day, not for a repeat; `durable` settles once
 * the record is saved (the file store writes after deciding). Store errors propagate.
 */
export async function claimDelivery (store: SharedStore, clock: Clock, vendor: string, id: string): Promise<Claim> {
  return await store.claim(deliveryKey(vendor, id), { at: clock.now() }, { ttlMs: DEDUPE_TTL_MS })
}
