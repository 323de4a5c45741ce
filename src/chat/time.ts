// Times in chat: "2026-11-25 12:00 UTC", one unambiguous form for a room spread over time zones.
export function utcMinute (t: string | number | Date): string {
  return new Date(t).toISOString().slice(0, 16).replace('T', ' ') + ' UTC'
}
