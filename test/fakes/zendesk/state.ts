// The fake Zendesk's in-memory account, seeded from test/fixtures/zendesk/seed.json (built
// from the spec's examples by build-fixtures.mjs). Tests may add or change records directly.
import { readFileSync } from 'node:fs'
import path from 'node:path'

export type Obj = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON from the fixtures

const SEED = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'zendesk', 'seed.json')
/** The origin the seed's `url` fields use; the fake answers with its own origin instead. */
export const SEED_ORIGIN = 'https://example.zendesk.com'

export interface ZendeskState {
  users: Obj[]
  tickets: Obj[]
}

export function seedState (): ZendeskState {
  return JSON.parse(readFileSync(SEED, 'utf8')) as ZendeskState
}

/** `count` more tickets cloned from the seed's first one, ids from `firstId`, updated one minute apart. */
export function addTickets (state: ZendeskState, count: number, firstId: number, fields: Obj = {}): Obj[] {
  // From the seed, not state.tickets[0]: a test may have emptied the list first.
  const template = seedState().tickets[0]
  const added = Array.from({ length: count }, (_, i) => {
    const id = firstId + i
    const updated = new Date(Date.parse('2026-11-22T00:00:00Z') + i * 60_000).toISOString().replace('.000Z', 'Z')
    return { ...structuredClone(template), id, url: `${SEED_ORIGIN}/api/v2/tickets/${id}`, external_id: `ext-${id}`,
      subject: `Generated ticket ${id}`, raw_subject: `Generated ticket ${id}`, problem_id: null, type: 'question',
      updated_at: updated, generated_timestamp: Math.floor(Date.parse(updated) / 1000), ...fields }
  })
  state.tickets.push(...added)
  return added
}
