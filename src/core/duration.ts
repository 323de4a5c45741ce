// Durations typed by people in config and chat: "90s", "30m", "2h" (also "1d", and
// "500ms" for timeouts).
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

export function parseDuration (text: string): number | null {
  const m = /^\s*(\d{1,6})\s*(ms|[smhd])\s*$/i.exec(text)
  if (m == null) return null
  const ms = Number(m[1]) * UNIT_MS[m[2].toLowerCase()]
  return ms > 0 ? ms : null
}

export function formatDuration (ms: number): string {
  const s = Math.round(ms / 1000)
  if (s < 90) return `${s}s`
  const m = Math.round(s / 60)
  if (m < 90) return `${m}m`
  const h = Math.round(m / 60)
  return h < 48 ? `${h}h` : `${Math.round(h / 24)}d`
}
