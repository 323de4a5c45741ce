// Small statistics the sections share: medians of rounds, percentiles of latencies.

/** The middle value; for an even count, the mean of the two middle ones. NaN for none. */
export function median (values: number[]): number {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** The p-th percentile (nearest rank) of `values`; NaN for none. */
export function percentile (values: number[], p: number): number {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]
}

/** A row's ratio, or null when the peer's figure is missing or zero. */
export function ratioOf (ours: number, peer: number | null): number | null {
  return peer == null || peer === 0 ? null : ours / peer
}

export const MiB = 2 ** 20
