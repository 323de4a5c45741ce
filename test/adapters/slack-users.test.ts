import { EventEmitter } from 'node:events'
import { afterEach, describe, expect, test } from '@jest/globals'
import { SlackClient } from '../../src/adapters/slack/hubot-slack-internals.ts'
import { syncUsers } from '../../src/adapters/slack/users.ts'
import { member, messageEvent, startSlackBot, type SlackTestBot } from './slack-harness.ts'

let bot: SlackTestBot | undefined
afterEach(async () => { await bot?.stop(); bot = undefined })

const MEMBERS = [member('UADMIN', 'boss'), member('UALICE', 'alice'), member('UNEVER', 'neverspoke'), member('UBOB', 'bob'), member('UCAROL', 'carol')]

describe('Slack adapter: everyone is known', () => {
  test('the start-up sync pages users.list by cursor and fills the brain with every user', async () => {
    bot = await startSlackBot({ members: MEMBERS })
    const calls = bot.fake.callsOf('users.list')
    // 5 members, pages of 2: three calls, the later ones with the cursor Slack returned.
    expect(calls.map(c => c.params.cursor)).toEqual([undefined, expect.any(String), expect.any(String)])
    expect(calls.every(c => c.params.limit === '2')).toBe(true)
    const never = bot.robot.brain.userForName('neverspoke')
    expect(never).toMatchObject({ id: 'UNEVER', name: 'neverspoke', real_name: 'neverspoke Example', email_address: 'neverspoke@example.com' })
    expect(never?.slack).toEqual({ team_id: 'T0FAKE', display_name: 'neverspoke', is_bot: false, deleted: false, tz: 'Europe/Paris' })
    expect(Object.keys(bot.robot.brain.users()).sort()).toEqual(['UADMIN', 'UALICE', 'UBOB', 'UCAROL', 'UNEVER'])
  })

  test('a rate-limited users.list page is retried after Retry-After, and the sync completes', async () => {
    bot = await startSlackBot({ members: MEMBERS, before: fake => fake.failNext('users.list', { rateLimitedFor: 3 }) })
    expect(bot.clock.sleeps).toEqual([3000])
    expect(bot.fake.callsOf('users.list')).toHaveLength(4)
    expect(Object.keys(bot.robot.brain.users())).toHaveLength(5)
  })

  test('a user who never spoke can be named in a command, by name or by mention (resolved by id)', async () => {
    bot = await startSlackBot({ scripts: ['roles.ts'], members: MEMBERS, env: { HUBOT_AUTH_ADMIN: 'UADMIN' } })
    bot.fake.sendEvent(messageEvent('UADMIN', 'C1', '<@UBOT> neverspoke has deployers role'))
    await bot.fake.until(() => bot!.fake.state.posted.length === 1, 'the grant reply')
    bot.fake.sendEvent(messageEvent('UADMIN', 'C1', '<@UBOT> what roles does <@UBOB> have'))
    await bot.fake.until(() => bot!.fake.state.posted.length === 2, 'the roles reply')
    expect(bot.fake.state.posted.map(p => p.text)).toEqual([
      "<@UADMIN> OK, neverspoke has the 'deployers' role.",
      '<@UADMIN> bob has no roles.'
    ])
    expect(bot.robot.brain.data.users.UNEVER.roles).toEqual(['deployers'])
  })

  test('a sync over users already in the brain (a restart) keeps their roles and other fields', async () => {
    bot = await startSlackBot({ members: MEMBERS })
    const bob = bot.robot.brain.data.users.UBOB
    bob.roles = ['deployers']
    bob.pagerduty_email = 'bob@pd.example.com'
    bot.fake.state.members[3] = member('UBOB', 'robert')
    const written = await syncUsers(bot.robot, { web: bot.adapter.client.web, log: bot.robot.logger, clock: bot.clock, pageSize: 2 })
    expect(written).toBe(5)
    expect(bot.robot.brain.data.users.UBOB).toBe(bob)
    expect(bob).toMatchObject({ name: 'robert', roles: ['deployers'], pagerduty_email: 'bob@pd.example.com' })
  })

  test('user_change updates the same User object and keeps the roles stored on it', async () => {
    bot = await startSlackBot({ members: MEMBERS })
    const before = bot.robot.brain.data.users.UNEVER
    before.roles = ['deployers']
    bot.fake.sendEvent({ type: 'user_change', user: member('UNEVER', 'renamed', { profile: { email: 'new@example.com', display_name: 'renamed' } }), cache_ts: 1764072000, event_ts: '1764072000.000200' })
    await bot.fake.until(() => bot!.robot.brain.data.users.UNEVER.name === 'renamed', 'the rename')
    const after = bot.robot.brain.data.users.UNEVER
    expect(after).toBe(before)
    expect(after).toMatchObject({ name: 'renamed', email_address: 'new@example.com', roles: ['deployers'] })
  })

  test('team_join adds a new member at once, so they can be named before they ever speak', async () => {
    bot = await startSlackBot({ scripts: ['roles.ts'], members: MEMBERS, env: { HUBOT_AUTH_ADMIN: 'UADMIN' } })
    // https://docs.slack.dev/reference/events/team_join: the event carries the full user object.
    bot.fake.sendEvent({ type: 'team_join', user: member('UNEW', 'newhire'), cache_ts: 1764072000, event_ts: '1764072000.000300' })
    await bot.fake.until(() => bot!.robot.brain.data.users.UNEW, 'the new member in the brain')
    bot.fake.sendEvent(messageEvent('UADMIN', 'C1', '<@UBOT> newhire has oncall role'))
    await bot.fake.until(() => bot!.fake.state.posted[0], 'the grant reply')
    expect(bot.fake.state.posted[0].text).toBe("<@UADMIN> OK, newhire has the 'oncall' role.")
    expect(bot.fake.callsOf('users.info')).toHaveLength(0)
  })

  test('someone the sync has not seen is looked up with users.info when they speak', async () => {
    bot = await startSlackBot({ members: [member('UALICE', 'alice')] })
    bot.fake.addMember(member('ULATE', 'latecomer'))
    bot.fake.sendEvent(messageEvent('ULATE', 'D1', 'help words'))
    await bot.fake.until(() => bot!.fake.state.posted[0], 'the reply')
    expect(bot.fake.callsOf('users.info').map(c => c.params.user)).toEqual(['ULATE'])
    expect(bot.robot.brain.userForName('latecomer')?.id).toBe('ULATE')
  })

  // Why we sync ourselves: hubot-slack 3.8 passes a callback to users.list, which
  // @slack/web-api 6 ignores, so its usersLoaded never runs and the brain stays empty.
  test('hubot-slack\'s own loadUsers never delivers the users (the reason for our sync)', async () => {
    bot = await startSlackBot({ members: MEMBERS })
    const robot = { logger: { debug: () => {} }, brain: bot.robot.brain }
    const client = new SlackClient({}, robot as never, new EventEmitter() as never, bot.adapter.client.web)
    let delivered = false
    const before = bot.fake.callsOf('users.list').length
    // loadUsers returns the users.list promise: once it has settled, the callback had its chance.
    const page = await client.loadUsers(() => { delivered = true }) as { members: unknown[] }
    expect(page.members).toHaveLength(5)
    expect(delivered).toBe(false)
    expect(bot.fake.callsOf('users.list').length).toBe(before + 1)
  })
})
