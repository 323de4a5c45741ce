// Counts from chat against the fake Zendesk: each word has its own query (hubot-zendesk
// answered "pending tickets" with the unsolved count), each count is ONE request to
// /search/count, and "zendesk "/"zd " may prefix every command. The seed holds 40 tickets:
// new 8, open 12, pending 8, hold 4, solved 4, closed 4; 10 escalated, 8 of them unsolved.
import { describe, expect, test } from '@jest/globals'
import { useZendeskBot } from './zendesk-harness.ts'

const start = useZendeskBot()

describe('ticket counts', () => {
  test.each([
    ['tickets', 'type:ticket status<solved', '32 unsolved tickets.'],
    ['all tickets', 'type:ticket status<solved', '32 unsolved tickets.'],
    ['new tickets', 'type:ticket status:new', '8 new tickets.'],
    ['open tickets', 'type:ticket status:open', '12 open tickets.'],
    ['pending tickets', 'type:ticket status:pending', '8 pending tickets.'],
    ['on hold tickets', 'type:ticket status:hold', '4 tickets on hold.'],
    ['escalated tickets', 'type:ticket status<solved tags:escalated', '8 unsolved tickets tagged escalated.']
  ])('"%s" asks /search/count once with its own query', async (command, query, reply) => {
    const zd = await start()
    for (const prefix of ['', 'zendesk ', 'zd ', 'ZD ']) {
      expect(await zd.say('alice', `hubot ${prefix}${command}`)).toBe(reply)
      expect(zd.requests()).toEqual(['GET /api/v2/search/count.json'])
      expect(zd.fake.requests.at(-1)!.query.get('query')).toBe(query)
    }
  })

  test('one ticket and none read as such', async () => {
    const zd = await start()
    zd.fake.state.tickets = zd.fake.state.tickets.filter(t => t.status !== 'hold' || t.id === 35440)
    expect(await zd.say('alice', 'hubot on-hold tickets')).toBe('1 ticket on hold.')
    zd.fake.state.tickets = zd.fake.state.tickets.filter(t => !(t.tags as string[]).includes('escalated'))
    expect(await zd.say('alice', 'hubot escalated tickets')).toBe('No unsolved tickets tagged escalated.')
    expect(zd.requests()).toHaveLength(2)
  })

  test('the query is sent URL-encoded, Basic email/token auth, and JSON asked for', async () => {
    const zd = await start()
    await zd.say('alice', 'hubot tickets')
    expect(zd.urls).toEqual([`${zd.fake.url}/search/count.json?query=type%3Aticket+status%3Csolved`])
    const [request] = zd.fake.requests
    expect(request.auth).toEqual({ scheme: 'basic', email: 'bot@example.com' })
    expect(request.headers.accept).toBe('application/json')
  })

  test('a line that only mentions tickets, not addressed to the bot, gets no answer and no request', async () => {
    const zd = await start()
    expect(await zd.bot.say('alice', 'we have on hold tickets again')).toEqual([])
    expect(await zd.bot.say('alice', 'tickets')).toEqual([])
    expect(zd.fake.requests).toEqual([])
  })
})
