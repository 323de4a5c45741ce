// Who is on call when, in the fake: a schedule's shifts with overrides laid on top (an
// override replaces whoever held that time, as PagerDuty's final schedule does).
import type { PagerDutyState } from './state.ts'

type Obj = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON fixtures
const ms = (t: string): number => Date.parse(t)
const iso = (n: number): string => new Date(n).toISOString().replace('.000Z', 'Z')

/** Final shifts of every schedule (or one), as /oncalls entries. */
export function finalShifts (state: PagerDutyState, scheduleId?: string): Obj[] {
  let shifts = state.oncalls.filter(s => scheduleId == null || s.schedule?.id === scheduleId)
  for (const o of state.overrides.filter(x => scheduleId == null || x.schedule_id === scheduleId)) {
    const [os, oe] = [ms(o.start), ms(o.end)]
    const next: Obj[] = []
    let template: Obj | undefined
    for (const s of shifts) {
      if (s.schedule?.id !== o.schedule_id || ms(s.end) <= os || ms(s.start) >= oe) { next.push(s); continue }
      template ??= s
      if (ms(s.start) < os) next.push({ ...s, end: iso(os) })
      if (ms(s.end) > oe) next.push({ ...s, start: iso(oe) })
    }
    const base = template ?? state.oncalls.find(s => s.schedule?.id === o.schedule_id)
    if (base != null) next.push({ ...base, user: o.user, start: iso(os), end: iso(oe) })
    shifts = next
  }
  return shifts.sort((a, b) => ms(a.start) - ms(b.start))
}

/** Entries overlapping [since, until); at one instant, the ones covering it. */
export function overlapping (entries: Obj[], since: number, until: number): Obj[] {
  return entries.filter(e => since === until ? ms(e.start) <= since && since < ms(e.end) : ms(e.start) < until && ms(e.end) > since)
}

export function clip (entry: Obj, since: number, until: number): Obj {
  return { ...entry, start: iso(Math.max(ms(entry.start), since)), end: iso(Math.min(ms(entry.end), until)) }
}
