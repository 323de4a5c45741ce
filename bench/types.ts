// The benchmark's contract: each section (bench/sections/<name>.ts) exports `run`, which
// measures ours and the peer side by side in the same run and returns rows for the table.

/** One line of the table: a measure, ours beside the peer's, and whether its target is met. */
export interface Row {
  measure: string
  ours: number
  /** The peer's figure measured in the same run; null when there is no peer for it. */
  peer: number | null
  unit: string
  /** ours / peer (or the figure the target is about); null when it means nothing here. */
  ratio: number | null
  /** The target in words ("ratio >= 0.9", "p99 < 20 ms"); null for a figure without one. */
  target: string | null
  /** null when the row has no target. */
  met: boolean | null
}

export interface Section {
  name: string
  rows: Row[]
  /** Raw figures (every round, percentiles) for bench/results.json. */
  data?: Record<string, unknown>
  notes?: string[]
}

export type SectionRun = (options: { quick: boolean }) => Promise<Section>
