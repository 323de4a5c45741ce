// The one chat argument the Zendesk commands take, a ticket id, checked before any request:
// a positive whole number ("#" allowed, as people write it). Anything else gets the usage
// line. The cap keeps the number exact and far above any account's ticket count.
import { BotError } from '../../core/errors.ts'
import { quoteInput } from '../../chat/quote.ts'

export const MAX_TICKET_ID = 999_999_999_999
export const TICKET_USAGE = 'ticket <id> (a ticket number, e.g. ticket 35436)'

export function ticketIdArg (typed: string | undefined): number {
  const text = (typed ?? '').trim()
  if (text === '') throw new BotError('bad_input', `Which ticket? Usage: ${TICKET_USAGE}`)
  const m = /^#?(\d{1,12})$/.exec(text)
  const id = m != null ? Number(m[1]) : 0
  if (id < 1 || id > MAX_TICKET_ID) throw new BotError('bad_input', `"${quoteInput(text)}" is not a ticket number. Usage: ${TICKET_USAGE}`)
  return id
}
