// Transcripts of the on-call commands: who's on call (1 request; +1 for a schedule name),
// am I on call, schedules, overrides, remembered emails, and name matching.
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import { startPagerDutyBot, type PagerDutyBot } from './pagerduty-harness.ts'

let pd: PagerDutyBot
beforeEach(async () => { pd = await startPagerDutyBot() })
afterEach(async () => { await pd.stop() })

const WEB = 'https://acme.pagerduty.com'

describe("who's on call", () => {
  test('one GET /oncalls with earliest=true, every level, each line linked', async () => {
    const expected = [
      `Database On-Call (Database Escalation, level 1): Dave Brown until 2026-11-26 09:00 UTC - ${WEB}/schedules/PSCHDB1`,
      `Database Backup (Database Escalation, level 2): Bob Jones until 2026-11-26 09:00 UTC - ${WEB}/schedules/PSCHDB2`,
      `Primary On-Call (Web Escalation, level 1): Alice Smith until 2026-11-26 09:00 UTC - ${WEB}/schedules/PSCHPRI`,
      `Secondary On-Call (Web Escalation, level 2): Carol White until 2026-11-26 09:00 UTC - ${WEB}/schedules/PSCHSEC`
    ].join('\n')
    for (const q of ["hubot who's on call", 'hubot whos on call?', 'hubot who is on call', 'hubot who’s on-call']) {
      expect(await pd.say('bob', q)).toBe(expected)
      expect(pd.requests()).toEqual(['GET /oncalls'])
    }
    expect(pd.fake.requests[0].query.get('earliest')).toBe('true')
  })

  test('a user named directly in a policy level (no schedule) is linked to the escalation policy', async () => {
    const shift = pd.fake.state.oncalls.find(o => o.schedule.id === 'PSCHSEC' && o.start === '2026-11-25T09:00:00Z')!
    const { schedule: _none, ...direct } = structuredClone(shift)
    pd.fake.state.oncalls.push({ ...direct, user: pd.fake.state.oncalls.find(o => o.user.id === 'PBOB002')!.user, escalation_level: 3 })
    expect((await pd.say('bob', "hubot who's on call")).split('\n').at(-1)).toBe(`Web Escalation, level 3: Bob Jones until 2026-11-26 09:00 UTC - ${WEB}/escalation_policies/PEPWEB1`)
  })

  test('for <schedule>: one request to find the schedule, one for its on-call', async () => {
    expect(await pd.say('bob', "hubot who's on call for primary")).toBe(`Primary On-Call (Web Escalation, level 1): Alice Smith until 2026-11-26 09:00 UTC - ${WEB}/schedules/PSCHPRI`)
    expect(pd.requests()).toEqual(['GET /schedules', 'GET /oncalls'])
    expect(pd.fake.requests[1].query.getAll('schedule_ids[]')).toEqual(['PSCHPRI'])
  })

  test('HUBOT_PAGERDUTY_SCHEDULES limits the answer (ids as they are, names looked up once)', async () => {
    await pd.stop()
    pd = await startPagerDutyBot({ HUBOT_PAGERDUTY_SCHEDULES: 'PSCHSEC, Database On-Call' })
    const reply = await pd.say('bob', "hubot who's on call")
    expect(reply.split('\n').map(l => l.split(' (')[0])).toEqual(['Database On-Call', 'Secondary On-Call'])
    expect(pd.requests()).toEqual(['GET /schedules', 'GET /oncalls'])
    await pd.say('bob', "hubot who's on call")
    expect(pd.requests()).toEqual(['GET /oncalls'])
  })

  test('a name in HUBOT_PAGERDUTY_SCHEDULES matching no or several schedules is reported as the configuration to fix', async () => {
    await pd.stop()
    pd = await startPagerDutyBot({ HUBOT_PAGERDUTY_SCHEDULES: 'PSCHSEC, Database' })
    expect(await pd.say('bob', "hubot who's on call")).toBe('bob: HUBOT_PAGERDUTY_SCHEDULES has "Database", and several schedules match it: ask the bot\'s admins to set it to schedule ids or exact names.')
    expect(pd.requests()).toEqual(['GET /schedules'])
  })

  test('names: exact wins; unique containing; several -> ask which; none -> say so; never act on more than one', async () => {
    expect(await pd.say('bob', 'hubot who\'s on call for "Database On-Call"')).toContain('Database On-Call (Database Escalation, level 1): Dave Brown')
    expect(await pd.say('bob', "hubot who's on call for DATABASE")).toBe('bob: "DATABASE" matches 2 schedules: Database On-Call (schedule), Database Backup (schedule). Which one? Use the full name, quoted if it has spaces.')
    expect(await pd.say('bob', "hubot who's on call for payments")).toBe('bob: No schedule matches "payments". Check the name (say "pager schedules" to list them).')
    pd.requests()
    expect(await pd.say('bob', 'hubot pager me database 30')).toContain('matches 2 schedules')
    expect(pd.requests()).toEqual([]) // the lookup above is remembered for a few minutes
    expect(pd.fake.state.overrides).toEqual([])
  })
})

test('request counts: pager me as 1, my schedule 1 + the cached lookup, schedules 1, services 1, forget me 0', async () => {
  const counts: Array<[string, string[]]> = []
  for (const command of ['pager me as alice@example.com', 'pager my schedule 7', 'pager schedules', 'pager services', 'pager forget me']) {
    await pd.say('alice', `hubot ${command}`)
    counts.push([command, pd.requests()])
  }
  expect(counts).toEqual([
    ['pager me as alice@example.com', ['GET /users']],
    ['pager my schedule 7', ['GET /oncalls']],
    ['pager schedules', ['GET /schedules']],
    ['pager services', ['GET /services']],
    ['pager forget me', []]
  ])
})

describe('cached lookups expire', () => {
  test('email -> user for an hour; schedule names for five minutes; an unknown email for five minutes', async () => {
    await pd.say('alice', 'hubot am I on call')
    expect(pd.requests()).toEqual(['GET /users', 'GET /oncalls'])
    pd.clock.advance(59 * 60_000)
    await pd.say('alice', 'hubot am I on call')
    expect(pd.requests()).toEqual(['GET /oncalls'])
    pd.clock.advance(2 * 60_000)
    await pd.say('alice', 'hubot am I on call')
    expect(pd.requests()).toEqual(['GET /users', 'GET /oncalls'])

    await pd.say('bob', "hubot who's on call for primary")
    pd.clock.advance(4 * 60_000)
    await pd.say('bob', "hubot who's on call for primary")
    expect(pd.requests()).toEqual(['GET /schedules', 'GET /oncalls', 'GET /oncalls'])
    pd.clock.advance(2 * 60_000)
    await pd.say('bob', "hubot who's on call for primary")
    expect(pd.requests()).toEqual(['GET /schedules', 'GET /oncalls'])

    expect(await pd.say('alice', 'hubot pager me as erin@example.com')).toContain('No PagerDuty user has the email erin@example.com')
    pd.fake.state.users.push({ ...structuredClone(pd.fake.state.users[0]), id: 'PERIN05', name: 'Erin Green', summary: 'Erin Green', email: 'erin@example.com' })
    expect(await pd.say('alice', 'hubot pager me as erin@example.com')).toContain('No PagerDuty user has the email erin@example.com')
    pd.clock.advance(5 * 60_000 + 1)
    expect(await pd.say('alice', 'hubot pager me as erin@example.com')).toMatch(/^OK, you are Erin Green \(erin@example.com\)/)
  })
})

describe('am I on call', () => {
  test('yes, with where and until when; the email lookup is cached', async () => {
    expect(await pd.say('alice', 'hubot am I on call')).toBe(`Yes, Alice Smith is on call:\nPrimary On-Call (Web Escalation, level 1) until 2026-11-26 09:00 UTC - ${WEB}/schedules/PSCHPRI`)
    expect(pd.requests()).toEqual(['GET /users', 'GET /oncalls'])
    await pd.say('alice', 'hubot am i on call?')
    expect(pd.requests()).toEqual(['GET /oncalls'])
  })

  test('on call in more than 20 places: 20 lines, then "and N more" with a link', async () => {
    const shift = pd.fake.state.oncalls.find(o => o.schedule.id === 'PSCHPRI' && o.start === '2026-11-25T09:00:00Z')!
    for (let level = 3; level <= 26; level++) pd.fake.state.oncalls.push({ ...structuredClone(shift), escalation_level: level })
    const lines = (await pd.say('alice', 'hubot am I on call')).split('\n')
    expect(lines[0]).toBe('Yes, Alice Smith is on call:')
    expect(lines).toHaveLength(1 + 20 + 1)
    expect(lines[21]).toBe(`and 5 more: ${WEB}/oncalls`)
  })

  test('no', async () => {
    pd.clock.advance(24 * 3600_000) // the 26th: Bob holds Primary
    expect(await pd.say('alice', 'hubot am I on call')).toBe('No, Alice Smith is not on call right now ("pager my schedule" shows your next shifts).')
  })

  test('without any email the bot says how to tell it', async () => {
    pd.bot.robot.brain.userForId('erin', { name: 'erin' })
    expect(await pd.say('erin', 'hubot am I on call')).toBe('erin: I don\'t know your PagerDuty email: say "pager me as you@example.com" with your PagerDuty login email.')
    expect(pd.requests()).toEqual([])
  })
})

describe('schedules', () => {
  test('pager my schedule [days]: my shifts from now, default 30 days', async () => {
    const reply = await pd.say('alice', 'hubot pager my schedule 3')
    expect(reply).toBe([
      "Alice Smith's on-call shifts in the next 3 days:",
      `2026-11-25 09:00 UTC - Primary On-Call (Web Escalation, level 1) until 2026-11-26 09:00 UTC - ${WEB}/schedules/PSCHPRI`,
      `2026-11-27 09:00 UTC - Primary On-Call (Web Escalation, level 1) until 2026-11-28 09:00 UTC - ${WEB}/schedules/PSCHPRI`
    ].join('\n'))
    const oncalls = pd.fake.requests.find(r => r.path === '/oncalls')!
    expect(oncalls.query.get('since')).toBe('2026-11-25T12:00:00.000Z')
    expect(oncalls.query.get('until')).toBe('2026-11-28T12:00:00.000Z')
    const month = await pd.say('alice', 'hubot pager my schedule')
    expect(month.split('\n')).toHaveLength(1 + 16)
  })

  test('pager schedule <schedule> [days]: the final shifts, quoted names and a trailing number', async () => {
    expect(await pd.say('bob', 'hubot pager schedule "Primary On-Call" 2')).toBe([
      `Primary On-Call for the next 2 days - ${WEB}/schedules/PSCHPRI`,
      '2026-11-25 12:00 UTC to 2026-11-26 09:00 UTC: Alice Smith',
      '2026-11-26 09:00 UTC to 2026-11-27 09:00 UTC: Bob Jones',
      '2026-11-27 09:00 UTC to 2026-11-27 12:00 UTC: Alice Smith'
    ].join('\n'))
    expect(pd.requests()).toEqual(['GET /schedules', 'GET /schedules/PSCHPRI'])
    const shifts = await pd.say('bob', 'hubot pager schedule primary')
    expect(shifts.split('\n')).toHaveLength(1 + 20 + 1)
    expect(shifts.split('\n')[21]).toBe(`and 11 more: ${WEB}/schedules/PSCHPRI`)
  })

  test.each([
    ['hubot pager my schedule 0', 'Usage: pager my schedule [<days>] (days 1-90)'],
    ['hubot pager my schedule 91', '"91" is not a number of days from 1 to 90'],
    ['hubot pager schedule primary 365', 'Usage: pager schedule <schedule> [<days>] (days 1-90)'],
    ['hubot pager me primary 0', 'Usage: pager me <schedule> <minutes> (minutes 1-1440)'],
    ['hubot pager me primary 1441', '"1441" is not a number of minutes from 1 to 1440'],
    ['hubot pager maintenance 0 Web', 'Usage: pager maintenance <minutes> <service> [<service> ...] (minutes 1-1440)'],
    ['hubot pager maintenance ten Web', '"ten" is not a number of minutes'],
    ['hubot pager maintenance 30', 'name at least one service']
  ])('%s -> usage line, no request', async (text, expected) => {
    expect(await pd.say('alice', text)).toContain(expected)
    expect(pd.requests()).toEqual([])
  })

  test('pager schedules and pager services list names with links', async () => {
    expect(await pd.say('bob', 'hubot pager schedules database')).toBe(`Database On-Call - ${WEB}/schedules/PSCHDB1\nDatabase Backup - ${WEB}/schedules/PSCHDB2`)
    expect(pd.fake.requests[0].query.get('query')).toBe('database')
    expect(await pd.say('bob', 'hubot pager services')).toBe([
      `Web App - ${WEB}/service-directory/PSVCWEB`, `Mail Service - ${WEB}/service-directory/PSVCMAI`, `Database - ${WEB}/service-directory/PSVCDB1`
    ].join('\n'))
    expect(await pd.say('bob', 'hubot pager services nothing-here')).toBe('No service matches "nothing-here".')
  })
})

describe('pager me <schedule> <minutes>', () => {
  test('an override for me on exactly that schedule, from now, as me', async () => {
    expect(await pd.say('carol', 'hubot pager me primary 90')).toBe(`OK, Carol White is on call for Primary On-Call until 2026-11-25 13:30 UTC (90 minutes) - ${WEB}/schedules/PSCHPRI`)
    expect(pd.requests()).toEqual(['GET /schedules', 'GET /users', 'POST /schedules/PSCHPRI/overrides'])
    const post = pd.fake.requests[2]
    expect(post.headers.from).toBe('carol@example.com')
    expect(post.body).toEqual({ overrides: [{ start: '2026-11-25T12:00:00.000Z', end: '2026-11-25T13:30:00.000Z', user: { id: 'PCAROL3', type: 'user_reference' } }] })
    expect(await pd.say('bob', "hubot who's on call for primary")).toContain('Primary On-Call (Web Escalation, level 1): Carol White until 2026-11-25 13:30 UTC')
  })

  test('an override PagerDuty refuses (201 with a per-override 400) says why, and nothing is claimed', async () => {
    await pd.say('carol', 'hubot am I on call') // Carol's user is now cached; PagerDuty then loses her
    pd.fake.state.users = pd.fake.state.users.filter(u => u.id !== 'PCAROL3')
    expect(await pd.say('carol', 'hubot pager me primary 30')).toBe('carol: PagerDuty: it refused the override: User not found (check the command and try again)')
    expect(pd.fake.state.overrides).toEqual([])
  })

  test('command words win: "pager me incidents" is the list, "pager me as" the email', async () => {
    expect(await pd.say('alice', 'hubot pager me incidents')).toMatch(/^3 open incidents/)
    expect(await pd.say('alice', 'hubot pager me as alice@example.com')).toBe(`OK, you are Alice Smith (alice@example.com) in PagerDuty - ${WEB}/users/PALICE1`)
  })
})

describe('pager me as / forget me', () => {
  test('a remembered email is used for "mine" and for From; forgetting goes back to the profile email', async () => {
    pd.bot.robot.brain.userForId('erin', { name: 'erin', email_address: 'erin@personal.example' })
    // Erin's PagerDuty login differs from her chat profile's email.
    pd.fake.state.users.push({ ...structuredClone(pd.fake.state.users[0]), id: 'PERIN05', name: 'Erin Green', summary: 'Erin Green', email: 'erin.green@example.com', html_url: `${WEB}/users/PERIN05` })
    expect(await pd.say('erin', 'hubot pager me as nobody@example.com')).toBe('erin: No PagerDuty user has the email nobody@example.com; use the email you log in to PagerDuty with.')
    expect(pd.bot.robot.brain.userForId('erin').pagerdutyEmail).toBeUndefined()
    expect(await pd.say('erin', 'hubot pager me as <mailto:Erin.Green@Example.com|Erin.Green@Example.com>')).toBe(`OK, you are Erin Green (erin.green@example.com) in PagerDuty - ${WEB}/users/PERIN05`)
    expect(pd.bot.robot.brain.userForId('erin').pagerdutyEmail).toBe('erin.green@example.com')
    await pd.say('erin', 'hubot pager note 101 on it')
    expect(pd.fake.requests.at(-1)!.headers.from).toBe('erin.green@example.com')
    expect(await pd.say('erin', 'hubot pager forget me')).toBe('OK, I forgot your PagerDuty email.')
    expect(await pd.say('erin', 'hubot pager forget me')).toBe('I had no PagerDuty email for you; nothing to forget.')
    expect(await pd.say('erin', 'hubot am I on call')).toBe('erin: No PagerDuty user has the email erin@personal.example: say "pager me as you@example.com" with your PagerDuty login email.')
  })

  test("another chat user's email cannot be claimed: writes would be recorded as theirs", async () => {
    pd.bot.robot.brain.userForId('erin', { name: 'erin', email_address: 'erin@personal.example' })
    expect(await pd.say('erin', 'hubot pager me as <mailto:Bob@Example.com|Bob@Example.com>')).toBe('erin: bob@example.com is another chat user\'s email, and PagerDuty would record what you do as theirs. Say "pager me as" with your own PagerDuty login email.')
    expect(await pd.say('dave', 'hubot pager me as alice@example.com')).toContain('is another chat user\'s email')
    expect(await pd.say('carol', 'hubot pager me as carol@example.com')).toMatch(/^OK, you are Carol White/) // one's own profile email is fine
    pd.bot.robot.brain.userForId('carol').email_address = 'carol@chat.example' // a remembered email is held too
    pd.bot.robot.brain.userForId('frank', { name: 'frank' })
    expect(await pd.say('frank', 'hubot pager me as carol@example.com')).toContain('is another chat user\'s email')
    expect([pd.bot.robot.brain.userForId('erin').pagerdutyEmail, pd.bot.robot.brain.userForId('dave').pagerdutyEmail]).toEqual([undefined, undefined])
    await pd.say('erin', 'hubot pager note 101 on it')
    expect(pd.fake.requests.at(-1)!.headers.from).toBe('erin@personal.example')
  })

  test('a malformed email gets the usage line and no request', async () => {
    expect(await pd.say('alice', 'hubot pager me as not-an-email')).toBe('alice: "not-an-email" is not an email address. Usage: pager me as <email>')
    expect(pd.requests()).toEqual([])
  })
})
