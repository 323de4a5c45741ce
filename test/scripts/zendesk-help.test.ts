// Zendesk's help comes from the script header (Hubot's help format): `help zendesk` or
// `help zd` lists every command, each line is tied to the listener it documents, and every
// listener is a respond listener with a zendesk.<verb> id (none hears arbitrary lines).
import { describe, expect, test } from '@jest/globals'
import { helpEntries } from '../../src/access/index.ts'
import { useZendeskBot } from './zendesk-harness.ts'

const start = useZendeskBot()

const LINES = [
  'hubot [zendesk|zd] [all] tickets - how many unsolved tickets there are (new, open, pending, on hold)',
  'hubot [zendesk|zd] escalated tickets - how many unsolved tickets are tagged escalated',
  'hubot [zendesk|zd] list [all] tickets - the unsolved tickets, most recently updated first',
  'hubot [zendesk|zd] list escalated tickets - the unsolved tickets tagged escalated',
  'hubot [zendesk|zd] list new tickets - the new tickets',
  'hubot [zendesk|zd] list on hold tickets - the tickets on hold',
  'hubot [zendesk|zd] list open tickets - the open tickets',
  'hubot [zendesk|zd] list pending tickets - the pending tickets',
  'hubot [zendesk|zd] new tickets - how many new tickets there are',
  'hubot [zendesk|zd] on hold tickets - how many tickets are on hold',
  'hubot [zendesk|zd] open tickets - how many open tickets there are',
  'hubot [zendesk|zd] pending tickets - how many pending tickets there are',
  'hubot [zendesk|zd] ticket <id> - one ticket: subject, status, priority, people, tags, times and link'
]

describe('Zendesk help', () => {
  test('"help zendesk" and "help zd" list every command from the header, and make no request', async () => {
    const zd = await start()
    expect((await zd.say('alice', 'hubot help zendesk')).split('\n')).toEqual(LINES)
    expect((await zd.say('alice', 'hubot help zd')).split('\n')).toEqual(LINES)
    expect(zd.fake.requests).toEqual([])
  })

  test('each help line is tied to one zendesk listener: count, list or ticket', async () => {
    const zd = await start()
    const entries = helpEntries(zd.bot.robot, {}).filter(e => e.line.includes('[zendesk|zd]'))
    expect(entries).toHaveLength(13)
    const byLine = Object.fromEntries(entries.map(e => [e.line.split(' - ')[0], e.listenerIds]))
    expect(byLine['hubot [zendesk|zd] on hold tickets']).toEqual(['zendesk.count'])
    expect(byLine['hubot [zendesk|zd] list on hold tickets']).toEqual(['zendesk.list'])
    expect(byLine['hubot [zendesk|zd] ticket <id>']).toEqual(['zendesk.ticket'])
    for (const entry of entries) expect(entry.listenerIds).toHaveLength(1)
  })

  test('no Zendesk listener hears lines not addressed to the bot', async () => {
    const zd = await start()
    const ours = zd.bot.robot.listeners.filter(l => String(l.options.id).startsWith('zendesk.'))
    expect(ours.map(l => l.options.id)).toEqual(['zendesk.count', 'zendesk.list', 'zendesk.ticket'])
    // A respond listener's regex is anchored on the bot's name; a hear listener's is not.
    for (const listener of ours) expect(listener.regex?.source.startsWith('^\\s*[@]?')).toBe(true)
  })
})
