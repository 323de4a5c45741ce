// Lists from chat: ONE search request (sorted by most recently updated, per_page = the
// limit) gives the tickets and the total, ONE message shows up to HUBOT_ZENDESK_LIST_LIMIT
// of them, then "and N more: <agent search link>". hubot-zendesk sent one message per ticket
// and read only the first page.
import { describe, expect, test } from '@jest/globals'
import { addTickets } from '../fakes/zendesk/state.ts'
import { useZendeskBot } from './zendesk-harness.ts'

const start = useZendeskBot()

describe('ticket lists', () => {
  test('list open tickets: 10 lines, newest update first, each linked to the agent view, then the rest as a link', async () => {
    const zd = await start()
    const web = zd.fake.origin
    const reply = await zd.say('alice', 'hubot list open tickets')
    expect(zd.requests()).toEqual(['GET /api/v2/search.json'])
    expect(Object.fromEntries(zd.fake.requests[0].query)).toEqual({ query: 'type:ticket status:open', sort_by: 'updated_at', sort_order: 'desc', per_page: '10' })
    const lines = reply.split('\n')
    expect(lines).toHaveLength(12)
    expect(lines[0]).toBe('12 open tickets, most recently updated first:')
    expect(lines[1]).toBe(`#35471 Password reset email never arrives (#35471) (open, urgent) - updated 4 days ago - ${web}/agent/tickets/35471`)
    expect(lines[2]).toBe(`#35438 Export to CSV times out (#35438) (open, high) - updated 4 days ago - ${web}/agent/tickets/35438`)
    // Seed open tickets by updated_at: the ten newest, in order, are shown; 35448 and 35436 are not.
    expect(lines.slice(1, 11).map(l => Number(l.slice(1, 6)))).toEqual([35471, 35438, 35466, 35461, 35468, 35456, 35451, 35458, 35446, 35441])
    expect(lines[11]).toBe(`and 2 more: ${web}/agent/search/1?type=ticket&q=type%3Aticket+status%3Aopen`)
    const more = new URL(lines[11].slice('and 2 more: '.length))
    expect(more.searchParams.get('q')).toBe('type:ticket status:open')
  })

  test.each([
    ['list tickets', 'type:ticket status<solved', '32 unsolved tickets'],
    ['list all tickets', 'type:ticket status<solved', '32 unsolved tickets'],
    ['list new tickets', 'type:ticket status:new', '8 new tickets'],
    ['list pending tickets', 'type:ticket status:pending', '8 pending tickets'],
    ['list on hold tickets', 'type:ticket status:hold', '4 tickets on hold'],
    ['list escalated tickets', 'type:ticket status<solved tags:escalated', '8 unsolved tickets tagged escalated']
  ])('"%s": one search with its own query, in one message', async (command, query, header) => {
    const zd = await start()
    for (const prefix of ['', 'zendesk ', 'zd ']) {
      const reply = await zd.say('alice', `hubot ${prefix}${command}`)
      expect(zd.requests()).toEqual(['GET /api/v2/search.json'])
      expect(zd.fake.requests.at(-1)!.query.get('query')).toBe(query)
      expect(reply.split('\n')[0]).toBe(`${header}, most recently updated first:`)
    }
  })

  test('a list that fits shows every ticket and no "more" line', async () => {
    const zd = await start()
    const lines = (await zd.say('alice', 'hubot list on hold tickets')).split('\n')
    expect(lines.slice(1).map(l => l.split(' ')[0])).toEqual(['#35450', '#35440', '#35470', '#35460'])
    expect(lines.slice(1).every(l => l.includes('(on hold, normal)'))).toBe(true)
  })

  test('150 unsolved tickets with HUBOT_ZENDESK_LIST_LIMIT=3: still one request and one message, and 147 more', async () => {
    const zd = await start({ HUBOT_ZENDESK_LIST_LIMIT: '3' })
    zd.fake.state.tickets.length = 0
    addTickets(zd.fake.state, 150, 90000, { status: 'open' })
    const replies = await zd.bot.say('alice', 'hubot list tickets')
    expect(replies).toHaveLength(1)
    expect(zd.requests()).toEqual(['GET /api/v2/search.json'])
    expect(zd.fake.requests[0].query.get('per_page')).toBe('3')
    const lines = replies[0].split('\n')
    // addTickets spaces updates a minute apart from 2026-11-22T00:00Z; the clock is 2026-11-25 12:00Z.
    expect(lines).toEqual([
      '150 unsolved tickets, most recently updated first:',
      `#90149 Generated ticket 90149 (open, high) - updated 3 days ago - ${zd.fake.origin}/agent/tickets/90149`,
      `#90148 Generated ticket 90148 (open, high) - updated 3 days ago - ${zd.fake.origin}/agent/tickets/90148`,
      `#90147 Generated ticket 90147 (open, high) - updated 3 days ago - ${zd.fake.origin}/agent/tickets/90147`,
      `and 147 more: ${zd.fake.origin}/agent/search/1?type=ticket&q=type%3Aticket+status%3Csolved`
    ])
  })

  test('an empty list says so', async () => {
    const zd = await start()
    zd.fake.state.tickets = zd.fake.state.tickets.filter(t => t.status !== 'new')
    expect(await zd.say('alice', 'hubot list new tickets')).toBe('No new tickets.')
    expect(zd.requests()).toEqual(['GET /api/v2/search.json'])
  })

  test('a subject with line breaks and control characters stays on its line; a missing subject or priority reads as such', async () => {
    const zd = await start()
    const hold = zd.fake.state.tickets.filter(t => t.status === 'hold')
    hold[0].subject = 'Line one\nLine two\u001b[31m red'
    hold[1].subject = null
    hold[1].priority = null
    const lines = (await zd.say('alice', 'hubot list on hold tickets')).split('\n')
    expect(lines).toHaveLength(5)
    expect(lines).toContain(`#${hold[0].id as number} Line one Line two red (on hold, normal) - updated 4 days ago - ${zd.fake.origin}/agent/tickets/${hold[0].id as number}`)
    expect(lines.find(l => l.startsWith(`#${hold[1].id as number} `))).toMatch(/^#\d+ \(no subject\) \(on hold\) - updated/)
  })
})
