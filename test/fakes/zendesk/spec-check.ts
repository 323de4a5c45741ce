// Checks answers of the fake Zendesk (or fixtures) against Zendesk's OpenAPI description,
// strictly: no property the spec does not declare, except this commented allow-list.
//   spec.problems(fake.responses) -> [] when every answer the fake gave was valid.
import path from 'node:path'
import { readFileSync } from 'node:fs'
import { loadSpecValidator, type AllowList, type SpecValidator } from '../../helpers/spec-validator.ts'
import type { LoggedResponse } from './fake-zendesk.ts'
import type { Obj } from './state.ts'

export interface ZendeskSpec {
  /** Errors (empty when valid) for one answer; `path` as sent, with or without `.json`. */
  check (method: string, path: string, status: number, body: unknown): string[]
  /** Every problem in a log of answers, each prefixed with its request. */
  problems (responses: LoggedResponse[]): string[]
  /** The strict validator of the subset, with the allow-list (for direct use in tests). */
  subset: SpecValidator
}

function allowList (schemas: Obj): AllowList {
  // Search results are declared as SearchResultObject (the fields of a group), but a ticket
  // result is the whole ticket plus result_type. Allowed: the ticket's readable fields;
  // check() then validates each ticket result as a TicketObject too.
  const ticketFields = Object.entries(schemas.TicketObject.properties as Obj).filter(([, s]) => s.writeOnly !== true).map(([k]) => k)
  return {
    '#/components/schemas/SearchResultObject': { properties: ticketFields, why: 'ticket results carry the ticket\'s fields' },
    // GET /tickets/{id}?include=users sideloads the requester, submitter, assignee and CCs
    // (Zendesk "Sideloading"); the spec declares only `ticket`. check() validates each user.
    '#/components/schemas/TicketResponse': { properties: ['users'], why: 'the include=users sideload' }
  }
}

// The subset declares no error answers for these operations. Their bodies are checked against
// error shapes the full Support spec declares elsewhere: { error, description } (the search
// docs' "Errors JSON Format", declared e.g. for a missing content pin) and { errors: [...] }.
const ERROR_SHAPES: Array<[string, string, number]> = [
  ['DELETE', '/api/v2/ticket_content_pins/{content_pin_id}', 404],
  ['GET', '/api/v2/views/count_many', 429]
]

export function loadZendeskSpec (specsDir: string): ZendeskSpec {
  const file = path.join(specsDir, 'zendesk', 'zendesk-chatops-subset.json')
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Obj
  const subset = loadSpecValidator(file, allowList(raw.components.schemas as Obj))
  // A literal path wins over a template: /users/show_many is not /users/{user_id}.
  const templateOf = (method: string, bare: string): string | null =>
    (raw.paths as Obj)[bare]?.[method.toLowerCase()] != null ? bare : subset.template(method, bare)
  const full = loadSpecValidator(path.join(specsDir, 'zendesk', 'support-oas.json'))

  function success (method: string, template: string, status: number, body: unknown): string[] {
    const errors = subset.response(method, template, status, body)
    const b = body as Obj
    if (template === '/api/v2/search' && Array.isArray(b?.results)) {
      b.results.forEach((r: Obj, i: number) => {
        if (r?.result_type !== 'ticket') return
        const { result_type: _, ...ticket } = r
        errors.push(...subset.response('GET', '/api/v2/tickets/{ticket_id}', 200, { ticket }).map(e => `/results/${i} as a ticket: ${e}`))
      })
    }
    if (template === '/api/v2/tickets/{ticket_id}' && b?.users !== undefined) {
      errors.push(...subset.response('GET', '/api/v2/users/show_many', 200, { users: b.users }).map(e => `sideloaded ${e}`))
    }
    return errors
  }

  function check (method: string, sentPath: string, status: number, body: unknown): string[] {
    const bare = sentPath.split('?')[0].replace(/\.json$/, '')
    const template = templateOf(method, bare)
    if (status < 400) return template == null ? [`${method} ${bare} is not in the spec`] : success(method, template, status, body)
    // Zendesk's own rate-limit docs show a text/html 429 body; a text error body is not JSON to check.
    if (typeof body === 'string') return []
    const b = body as Obj | null
    if (typeof b?.error !== 'string' && !Array.isArray(b?.errors)) return ['an error body has neither `error` nor `errors`']
    const results = ERROR_SHAPES.map(([m, t, s]) => full.response(m, t, s, body))
    return results.some(r => r.length === 0) ? [] : results[Array.isArray(b?.errors) ? 1 : 0]
  }

  return {
    check,
    subset,
    problems: responses => responses.flatMap(r => check(r.method, r.path, r.status, r.body).map(e => `${r.method} ${r.path}?${r.query.toString()} ${r.status}: ${e}`))
  }
}
