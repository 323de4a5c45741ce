// `ticket <id>`: ONE request with the include=users sideload for the people's names; the
// id is checked before any request (a positive whole number, at most 12 digits).
import { describe, expect, test } from '@jest/globals'
import { useZendeskBot } from './zendesk-harness.ts'

const start = useZendeskBot()

describe('ticket <id>', () => {
  test('subject, status, priority, requester and assignee names, tags, times relative and UTC, agent link: one request', async () => {
    const zd = await start()
    for (const command of ['hubot ticket 35436', 'hubot ticket #35436', 'hubot zd ticket 35436', 'hubot zendesk ticket  35436 ']) {
      expect(await zd.say('alice', command)).toBe([
        '#35436 Help, my printer is on fire!',
        'status: open, priority: high',
        'requester: Rachel Requester, assignee: Alice Agent',
        'tags: enterprise',
        'created 24 days ago (2026-11-01 08:00 UTC), updated 6 days ago (2026-11-20 00:00 UTC)',
        `${zd.fake.origin}/agent/tickets/35436`
      ].join('\n'))
      expect(zd.requests()).toEqual(['GET /api/v2/tickets/35436.json'])
      expect(zd.fake.requests.at(-1)!.query.get('include')).toBe('users')
    }
  })

  test('an unassigned ticket, several tags, a status shown in words, and recent times', async () => {
    const zd = await start()
    const ticket = zd.fake.state.tickets.find(t => t.id === 35440)!
    ticket.assignee_id = null
    ticket.tags = ['enterprise', 'escalated']
    ticket.updated_at = '2026-11-25T11:58:00Z'
    const lines = (await zd.say('alice', 'hubot ticket 35440')).split('\n')
    expect(lines.slice(1, 5)).toEqual([
      'status: on hold, priority: normal',
      'requester: Sam Customer, assignee: nobody',
      'tags: enterprise, escalated',
      'created 23 days ago (2026-11-02 12:52 UTC), updated 2 minutes ago (2026-11-25 11:58 UTC)'
    ])
  })

  test('times follow the bot\'s clock', async () => {
    const zd = await start()
    zd.clock.ms = Date.parse('2026-11-20T03:00:00Z')
    expect((await zd.say('alice', 'hubot ticket 35436')).split('\n')[4]).toBe('created 19 days ago (2026-11-01 08:00 UTC), updated 3 hours ago (2026-11-20 00:00 UTC)')
  })

  test('an unknown ticket: "no ticket #N", after one request', async () => {
    const zd = await start()
    expect(await zd.say('alice', 'hubot ticket 99999')).toBe('alice: no ticket #99999 in Zendesk (check the number)')
    expect(zd.requests()).toEqual(['GET /api/v2/tickets/99999.json'])
  })

  test.each([
    ['hubot ticket', 'alice: Which ticket? Usage: ticket <id> (a ticket number, e.g. ticket 35436)'],
    ['hubot ticket abc', 'alice: "abc" is not a ticket number. Usage: ticket <id> (a ticket number, e.g. ticket 35436)'],
    ['hubot ticket 0', 'alice: "0" is not a ticket number. Usage: ticket <id> (a ticket number, e.g. ticket 35436)'],
    ['hubot ticket -5', 'alice: "-5" is not a ticket number. Usage: ticket <id> (a ticket number, e.g. ticket 35436)'],
    ['hubot ticket 1.5', 'alice: "1.5" is not a ticket number. Usage: ticket <id> (a ticket number, e.g. ticket 35436)'],
    ['hubot ticket 1e3', 'alice: "1e3" is not a ticket number. Usage: ticket <id> (a ticket number, e.g. ticket 35436)'],
    ['hubot ticket 0x10', 'alice: "0x10" is not a ticket number. Usage: ticket <id> (a ticket number, e.g. ticket 35436)'],
    ['hubot ticket 35436 35437', 'alice: "35436 35437" is not a ticket number. Usage: ticket <id> (a ticket number, e.g. ticket 35436)'],
    ['hubot ticket 1234567890123', 'alice: "1234567890123" is not a ticket number. Usage: ticket <id> (a ticket number, e.g. ticket 35436)'],
    ['hubot ticket ../users/1', 'alice: "../users/1" is not a ticket number. Usage: ticket <id> (a ticket number, e.g. ticket 35436)'],
    ['hubot ticket 1?include=groups', 'alice: "1?include=groups" is not a ticket number. Usage: ticket <id> (a ticket number, e.g. ticket 35436)']
  ])('"%s" gets the usage line and makes no request', async (command, reply) => {
    const zd = await start()
    expect(await zd.say('alice', command)).toBe(reply)
    expect(zd.fake.requests).toEqual([])
  })

  test('a long bad id is echoed cut short', async () => {
    const zd = await start()
    const reply = await zd.say('alice', `hubot ticket ${'9'.repeat(3000)}`)
    expect(reply.length).toBeLessThan(200)
    expect(reply).toContain('…" is not a ticket number')
    expect(zd.fake.requests).toEqual([])
  })
})
