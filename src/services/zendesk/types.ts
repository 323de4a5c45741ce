// The parts of Zendesk's answers the commands read, checked at run time: a body without
// them is reported as a bad answer rather than shown as "undefined" in chat. Field shapes
// follow the Support API spec (../shared/specs/zendesk): subject, priority and people
// are nullable; tags may be one string.
import { z } from 'zod'

export const STATUSES = ['new', 'open', 'pending', 'hold', 'solved', 'closed'] as const

const time = z.string().refine(s => Number.isFinite(Date.parse(s)), 'a date-time')
const person = z.object({ id: z.number(), name: z.string().nullish() })

export const ticketSchema = z.object({
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
})

export const searchSchema = z.object({
  results: z.array(z.object({ result_type: z.string().optional() }).loose()),
  count: z.number().int()
})

export const countSchema = z.object({ count: z.number().int() })

export type Ticket = z.infer<typeof ticketSchema>
export interface TicketPage { tickets: Ticket[], count: number }
