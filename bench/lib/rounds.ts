// Side-by-side rounds: each round runs ours and the peer once, alternating which goes
// first, so drift on a noisy machine falls on both. Figures are medians over the rounds;
// a ratio is the median of each round's own ratio (paired), not a ratio of medians.
import { median, ratioOf } from './stats.ts'
import type { Row } from '../types.ts'

export interface Paired<T> { ours: T[], peer: T[] }

export async function alternate<T> (rounds: number, ours: () => Promise<T>, peer: () => Promise<T>): Promise<Paired<T>> {
  const result: Paired<T> = { ours: [], peer: [] }
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) {
      result.ours.push(await ours())
      result.peer.push(await peer())
    } else {
      result.peer.push(await peer())
      result.ours.push(await ours())
    }
  }
  return result
}

export interface RowSpec<T> {
  measure: string
  unit: string
  pick: (figures: T) => number
  /** Whether ours / peer must be at least (>=) or at most (<=) `limit`. */
  target?: { atLeast?: number, atMost?: number }
}

/** A row from paired rounds: medians of each side, the median of the per-round ratios. */
export function pairedRow<T> (paired: Paired<T>, spec: RowSpec<T>): Row {
  const ours = paired.ours.map(spec.pick)
  const peer = paired.peer.map(spec.pick)
  const ratios = ours.map((o, i) => ratioOf(o, peer[i])).filter((r): r is number => r != null)
  const ratio = ratios.length > 0 ? median(ratios) : null
  const { atLeast, atMost } = spec.target ?? {}
  let target: string | null = null
  let met: boolean | null = null
  if (atLeast != null) { target = `ratio >= ${atLeast}`; met = ratio != null && ratio >= atLeast }
  if (atMost != null) { target = `ratio <= ${atMost}`; met = ratio != null && ratio <= atMost }
  return { measure: spec.measure, ours: median(ours), peer: median(peer), unit: spec.unit, ratio, target, met }
}

/** A row with a limit on ours alone (a latency bound): ratio to the peer shown when there is one. */
export function limitRow (measure: string, unit: string, ours: number, peer: number | null, limit: { below?: number, atMost?: number }): Row {
  const target = limit.below != null ? `< ${limit.below} ${unit}` : `<= ${limit.atMost} ${unit}`
  const met = limit.below != null ? ours < limit.below : ours <= (limit.atMost ?? Infinity)
  return { measure, ours, peer, unit, ratio: ratioOf(ours, peer), target, met }
}
