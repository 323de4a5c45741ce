// Transcripts of the incident commands against the fake PagerDuty, with the requests
// each one makes (ack/resolve = 1 find + 1 bulk PUT; lists 1 per 100).
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import { addIncidents } from '../fakes/pagerduty/state.ts'
import { startPagerDutyBot, type PagerDutyBot } from './pagerduty-harness.ts'

let pd: PagerDutyBot
beforeEach(async () => { pd = await startPagerDutyBot() })
afterEach(async () => { await pd.stop() })

const WEB = 'https://acme.pagerduty.com'

describe('pager incidents', () => {
  test('lists open incidents, triggered then acknowledged, each with its link, in one request', async () => {
    for (const command of ['hubot pager incidents', 'hubot pager sup', 'hubot pager me incidents']) {
      expect(await pd.say('alice', command)).toBe([
        '3 open incidents (2 triggered, 1 acknowledged):',
        `#101 The server is on fire. (Web App) - triggered, assigned to Alice Smith - ${WEB}/incidents/PINC101`,
        `#103 Disk 90% full on db-1 (Database) - triggered, assigned to Dave Brown - ${WEB}/incidents/PINC103`,
        `#102 Mail queue backing up (Mail Service) - acknowledged, assigned to Bob Jones - ${WEB}/incidents/PINC102`
      ].join('\n'))
      expect(pd.requests()).toEqual(['GET /incidents'])
    }
    const [request] = pd.fake.requests
    expect(request.query.getAll('statuses[]')).toEqual(['triggered', 'acknowledged'])
    expect(request.query.get('limit')).toBe('100')
    expect(request.headers.authorization).toBe(`Token token=${pd.fake.token}`)
    expect(request.headers.accept).toBe('application/vnd.pagerduty+json;version=2')
  })

  test('230 open incidents take 3 requests of 100; the reply shows 20 lines and "and N more" with a link', async () => {
    pd.fake.state.incidents.length = 0
    addIncidents(pd.fake.state, 230, 1)
    const reply = await pd.say('alice', 'hubot pager incidents')
    expect(pd.requests()).toEqual(['GET /incidents', 'GET /incidents', 'GET /incidents'])
    expect(pd.fake.requests.map(r => r.query.get('offset'))).toEqual(['0', '100', '200'])
    const lines = reply.split('\n')
    expect(lines[0]).toBe('230 open incidents (230 triggered, 0 acknowledged):')
    expect(lines).toHaveLength(22)
    expect(lines[21]).toBe(`and 210 more: ${WEB}/incidents`)
  })

  test('an incident opened more than a month ago (outside GET /incidents\' default window) is listed and can be acknowledged', async () => {
    const old = pd.fake.state.incidents.find(i => i.incident_number === 103)!
    old.created_at = '2026-10-01T08:00:00Z'
    expect(await pd.say('alice', 'hubot pager incidents')).toContain('#103 Disk 90% full on db-1')
    expect(pd.fake.requests[0].query.get('date_range')).toBe('all')
    expect(await pd.say('alice', 'hubot pager ack 103')).toContain('Acknowledged 1 incident:\n#103 Disk 90% full on db-1')
    expect(await pd.say('dave', 'hubot pager resolve')).toContain('Resolved 1 incident:\n#103')
    expect(old.status).toBe('resolved')
  })

  test('none open says so', async () => {
    for (const i of pd.fake.state.incidents) i.status = 'resolved'
    expect(await pd.say('alice', 'hubot pager incidents')).toBe('No open incidents.')
  })
})

describe('pager incident <number>', () => {
  test('shows one incident by number in one request', async () => {
    expect(await pd.say('alice', 'hubot pager incident 104')).toBe(`#104 Old alert (Web App) - resolved, assigned to nobody - ${WEB}/incidents/PINC104`)
    expect(pd.requests()).toEqual(['GET /incidents/104'])
  })

  test('a seven-digit incident number (a large account) is a number like any other', async () => {
    addIncidents(pd.fake.state, 1, 1234567)
    expect(await pd.say('alice', 'hubot pager incident 1234567')).toMatch(/^#1234567 Generated incident 1234567 \(Web App\) - triggered/)
    expect(await pd.say('alice', 'hubot pager ack #1234567')).toContain('Acknowledged 1 incident:\n#1234567')
  })

  test('an unknown number says "no incident #N"', async () => {
    expect(await pd.say('alice', 'hubot pager incident 999')).toBe('alice: There is no incident #999; "pager incidents" lists the open ones.')
  })

  test.each(['0', '-3', 'abc', '1.5'])('"%s" gets the usage line and no request', async (n) => {
    const reply = await pd.say('alice', `hubot pager incident ${n}`)
    expect(reply).toContain('Usage: pager incident <number>')
    expect(pd.requests()).toEqual([])
  })
})

describe('pager ack / resolve', () => {
  test('ack of several numbers is one find and one bulk PUT, as the caller (From)', async () => {
    pd.fake.state.incidents.find(i => i.incident_number === 102)!.status = 'triggered'
    const reply = await pd.say('alice', 'hubot pager ack 101 102 103')
    expect(reply.split('\n')[0]).toBe('Acknowledged 3 incidents:')
    expect(reply).toContain(`#101 The server is on fire. (Web App) - acknowledged, assigned to Alice Smith - ${WEB}/incidents/PINC101`)
    expect(pd.requests()).toEqual(['GET /incidents', 'PUT /incidents'])
    const put = pd.fake.requests[1]
    expect(put.headers.from).toBe('alice@example.com')
    expect(put.body).toEqual({ incidents: ['PINC101', 'PINC102', 'PINC103'].map(id => ({ id, type: 'incident_reference', status: 'acknowledged' })) })
    expect(pd.fake.state.incidents.find(i => i.id === 'PINC101')!.acknowledgements.at(-1).acknowledger.id).toBe('PALICE1')
  })

  test('unknown and already acknowledged numbers are said; the rest are acted on', async () => {
    const reply = await pd.say('bob', 'hubot pager ack 101 102 999')
    expect(reply).toContain('Acknowledged 1 incident:')
    expect(reply).toContain('(no incident #999 among the open ones; already acknowledged: #102)')
    expect(pd.requests()).toEqual(['GET /incidents', 'PUT /incidents'])
  })

  test('only unknown numbers: no PUT', async () => {
    expect(await pd.say('bob', 'hubot pager resolve 999')).toBe('Nothing to resolve: no incident #999 among the open ones.')
    expect(pd.requests()).toEqual(['GET /incidents/999'])
    expect(await pd.say('bob', 'hubot pager resolve 998 999')).toBe('Nothing to resolve: no incident #998, #999 among the open ones.')
    expect(pd.requests()).toEqual(['GET /incidents'])
  })

  test('one number is one GET of that incident and one PUT, however many are open; a resolved one is not open', async () => {
    addIncidents(pd.fake.state, 1000, 1000)
    const reply = await pd.say('alice', 'hubot pager ack 1500')
    expect(reply).toContain('Acknowledged 1 incident:\n#1500 Generated incident 1500')
    expect(pd.requests()).toEqual(['GET /incidents/1500', 'PUT /incidents'])
    expect(await pd.say('alice', 'hubot pager resolve 1500')).toContain('Resolved 1 incident:\n#1500')
    expect(await pd.say('alice', 'hubot pager ack 1500')).toBe('Nothing to acknowledge: no incident #1500 among the open ones.')
  })

  test('pager ack with no number acknowledges my triggered incidents (email lookup cached)', async () => {
    expect(await pd.say('dave', 'hubot pager ack')).toBe(`Acknowledged 1 incident:\n#103 Disk 90% full on db-1 (Database) - acknowledged, assigned to Dave Brown - ${WEB}/incidents/PINC103`)
    expect(pd.requests()).toEqual(['GET /users', 'GET /incidents', 'PUT /incidents'])
    const find = pd.fake.requests[1]
    expect(find.query.getAll('user_ids[]')).toEqual(['PDAVE04'])
    expect(find.query.getAll('statuses[]')).toEqual(['triggered'])
    expect(await pd.say('dave', 'hubot pager ack')).toBe('You have no triggered incidents.')
    expect(pd.requests()).toEqual(['GET /incidents'])
  })

  test('pager resolve with no number resolves my acknowledged incidents', async () => {
    expect(await pd.say('bob', 'hubot pager resolve')).toContain('Resolved 1 incident:\n#102 Mail queue backing up (Mail Service) - resolved')
    expect(pd.fake.requests[1].query.getAll('statuses[]')).toEqual(['acknowledged'])
  })

  test('ack! acknowledges every triggered incident; resolve! resolves every open one', async () => {
    expect((await pd.say('carol', 'hubot pager ack!')).split('\n')[0]).toBe('Acknowledged 2 incidents:')
    expect(pd.requests()).toEqual(['GET /incidents', 'PUT /incidents'])
    expect((await pd.say('carol', 'hubot pager resolve!')).split('\n')[0]).toBe('Resolved 3 incidents:')
    expect(pd.requests()).toEqual(['GET /incidents', 'PUT /incidents'])
    expect(pd.fake.state.incidents.every(i => i.status === 'resolved')).toBe(true)
  })

  test('a bad number gets the usage line and no request', async () => {
    expect(await pd.say('alice', 'hubot pager ack 101 x')).toContain('"x" is not an incident number (a positive whole number). Usage: pager ack <n1> [<n2> ...]')
    expect(pd.requests()).toEqual([])
  })
})

describe('a missing or extra argument gets its usage line, never silence', () => {
  test.each([
    ['pager incident', 'no incident number given. Usage: pager incident <number>'],
    ['pager incident 101 102', 'give one incident number. Usage: pager incident <number>'],
    ['pager notes', 'Usage: pager notes <number>'],
    ['pager note', 'Usage: pager note <number> <text>'],
    ['pager note 101', 'give the text of the note. Usage: pager note <number> <text>'],
    ['pager note abc hello', '"abc" is not an incident number'],
    ['pager trigger', 'give a target and a message. Usage: pager trigger'],
    ['pager maintenance', 'give the minutes and at least one service. Usage: pager maintenance'],
    ['pager me as', 'give your PagerDuty login email. Usage: pager me as <email>'],
    ['pager me as alice@example.com please', 'is not an email address. Usage: pager me as <email>'],
    ['pager schedule', 'name a schedule. Usage: pager schedule <schedule> [<days>]'],
    ['pager my schedule 3 4', '"3 4" is not a number of days from 1 to 90']
  ])('%s', async (text, expected) => {
    expect(await pd.say('alice', `hubot ${text}`)).toContain(expected)
    expect(pd.requests()).toEqual([])
  })
})

describe('notes', () => {
  test('pager notes <n> lists the notes with the incident link', async () => {
    expect(await pd.say('alice', 'hubot pager notes 101')).toBe(`Notes on #101 The server is on fire. - ${WEB}/incidents/PINC101\n2026-11-25 10:10 UTC Alice Smith: Firefighters are on the scene.`)
    expect(pd.requests()).toEqual(['GET /incidents/101', 'GET /incidents/PINC101/notes'])
  })

  test('pager note <n> <text> adds a note as the caller', async () => {
    expect(await pd.say('bob', 'hubot pager note 102 restarted the mail relay')).toBe(`Added a note to #102 Mail queue backing up - ${WEB}/incidents/PINC102`)
    expect(pd.requests()).toEqual(['GET /incidents/102', 'POST /incidents/PINC102/notes'])
    expect(pd.fake.requests[1].headers.from).toBe('bob@example.com')
    expect(pd.fake.state.notes.PINC102[0].content).toBe('restarted the mail relay')
  })
})
