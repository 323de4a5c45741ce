// The parts of Zendesk's answers the commands read, checked at run time: a body without
// them is reported as a bad answer rather than shown as "undefined" in chat. Field shapes
// follow the Support API spec (../shared/specs/zendesk): subject, priority and people
// are nullable; tags may be one string.
import { z } from 'zod'

export const STATUSES = ['new', 'open', 'pending', 'hold', 'solved', 'closed'] as const

// Built at the first answer read, not when the module loads: building zod schemas is a
// measurable part of a start, and a start need not call Zendesk.
function build () {
  const time = z.string().refine(s => Number.isFinite(Date.parse(s)), 'a date-time')
  const person = z.object({ id: z.number(), name: z.string().nullish() })
  return {
    ticket: z.object({
      id: z.number().int(),
      subject: z.string().nullish(),
      status: z.string(),
      priority: z.string().nullish(),
      requester_id: z.number().nullish(),
      assignee_id: z.number().nullish(),
      tags: z.union([z.array(z.string()), z.string()]).nullish().transform(t => t == null ? [] : Array.isArray(t) ? t : [t]),
      created_at: time,
      updated_at: time,
      // node-zendesk's sideload mapping puts the users from include=users here.
      requester: person.nullish(),
      assignee: person.nullish()
    }),
    search: z.object({
      results: z.array(z.object({ result_type: z.string().optional() }).loose()),
      count: z.number().int()
    }),
    count: z.object({ count: z.number().int() })
  }
}

type Schemas = ReturnType<typeof build>
let built: Schemas | undefined

export function zendeskSchemas (): Schemas {
  return (built ??= build())
}

export type Ticket = z.infer<Schemas['ticket']>
export interface TicketPage { tickets: Ticket[], count: number }
