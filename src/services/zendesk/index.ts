// Zendesk's public face, for scripts/zendesk.ts and whoever else needs Zendesk: the client,
// the per-robot instance, the chat commands and their argument parsing. Code outside
// services/zendesk/ imports from here; modules inside import each other.
export { createZendeskClient, type ZendeskClient, type ZendeskClientOptions } from './client.ts'
export { zendeskFor, type Zendesk } from './for-robot.ts'
export { MAX_TICKET_ID, ticketIdArg, TICKET_USAGE } from './args.ts'
export { countTickets, listTickets, showTicket } from './commands.ts'
export { searchLink, selectionOf, SELECTIONS, ticketLink, type Selection } from './queries.ts'
export type { ZendeskAuth } from './transport.ts'
export type { Ticket, TicketPage } from './types.ts'
