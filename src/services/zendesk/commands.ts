// What each Zendesk command does: one request, one message.
import { BotError, ServiceError } from '../../core/errors.ts'
import { countMessage, listMessage, ticketMessage } from './format.ts'
import type { Zendesk } from './for-robot.ts'
import { SELECTIONS, type Selection } from './queries.ts'

export async function countTickets (zd: Zendesk, selection: Selection): Promise<string> {
  return countMessage(selection, await zd.client.countTickets(SELECTIONS[selection].query))
}

export async function listTickets (zd: Zendesk, selection: Selection): Promise<string> {
  const page = await zd.client.searchTickets(SELECTIONS[selection].query, zd.listLimit)
  return listMessage(selection, page, zd.webUrl, zd.now())
}

export async function showTicket (zd: Zendesk, id: number): Promise<string> {
  try {
    return ticketMessage(await zd.client.showTicket(id), zd.webUrl, zd.now())
  } catch (err) {
    if (err instanceof ServiceError && err.code === 'not_found') throw new BotError('not_found', `no ticket #${id} in Zendesk (check the number)`)
    throw err
  }
}
