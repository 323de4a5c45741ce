// The fake PagerDuty's in-memory account, seeded from test/fixtures/pagerduty/seed.json
// (built from the spec's examples). Tests may add or change objects directly.
import { readFileSync } from 'node:fs'
import path from 'node:path'

type Obj = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON from the fixtures

const SEED = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'pagerduty', 'seed.json')
export const WEB = 'https://acme.pagerduty.com'
export const API = 'https://api.pagerduty.com'

export interface PagerDutyState {
  users: Obj[]
  schedules: Obj[]
  escalation_policies: Obj[]
  services: Obj[]
  /** Every shift, as /oncalls entries; overrides add to it. */
  oncalls: Obj[]
  incidents: Obj[]
  notes: Record<string, Obj[]>
  maintenance_windows: Obj[]
  overrides: Array<Obj & { schedule_id: string }>
  templates: { maintenance_window: Obj }
}

export function seedState (): PagerDutyState {
  const seed = JSON.parse(readFileSync(SEED, 'utf8')) as Omit<PagerDutyState, 'maintenance_windows' | 'overrides'>
  return { ...seed, maintenance_windows: [], overrides: [] }
}

// PagerDuty's collection paths: users, schedules, services, escalation_policies (not -ys).
const plural = (kind: string): string => kind.endsWith('y') ? `${kind.slice(0, -1)}ies` : `${kind}s`
export const reference = (kind: string, o: Obj, webPath = plural(kind)): Obj =>
  ({ id: o.id, type: `${kind}_reference`, summary: o.name ?? o.summary, self: `${API}/${plural(kind)}/${o.id}`, html_url: `${WEB}/${webPath}/${o.id}` })

/** `count` more incidents, numbered from `first`, cloned from the seed's first incident. */
export function addIncidents (state: PagerDutyState, count: number, first: number, status = 'triggered'): void {
  // From the seed, not state.incidents[0]: a test may have emptied the list first, and a
  // clone of nothing would be an incident with none of the spec's fields.
  const template = seedState().incidents[0]
  for (let n = first; n < first + count; n++) {
    const id = `PGEN${String(n).padStart(4, '0')}`
    state.incidents.push({ ...structuredClone(template), id, incident_number: n, title: `Generated incident ${n}`, summary: `[#${n}] Generated incident ${n}`,
      status, self: `${API}/incidents/${id}`, html_url: `${WEB}/incidents/${id}`, incident_key: `key-${n}`,
      acknowledgements: [], alert_counts: { all: 1, triggered: 1, resolved: 0 } })
  }
}

let counter = 0
export const newId = (prefix: string): string => `${prefix}${(++counter).toString(36).toUpperCase().padStart(7 - prefix.length, '0')}`
