// hubot-auth's transcript tests, ported, plus mentions by id, ambiguous names, a
// throwing role lookup and the audit trail.
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import { startTestBot, type TestBot } from '../helpers/bot.ts'
import { recentAudit } from '../../src/access/index.ts'
import { MemoryStore } from '../../src/store/index.ts'

let bot: TestBot

beforeEach(async () => {
  bot = await startTestBot({ scripts: ['help.ts', 'roles.ts'], env: { HUBOT_AUTH_ADMIN: ' U-admin , U-other-admin ' } })
  const users: Array<[string, string]> = [['U-admin', 'admin-user'], ['U-alice', 'alice'], ['U-bob', 'bob'], ['U-jb', 'Bob Smith']]
  for (const [id, name] of users) bot.robot.brain.userForId(id, { name })
})
afterEach(async () => { await bot.stop() })

describe('roles (hubot-auth transcripts)', () => {
  test('an admin sets a role', async () => {
    expect(await bot.say('U-admin', 'hubot alice has demo role', { name: 'admin-user' })).toEqual(["admin-user: OK, alice has the 'demo' role."])
    expect(bot.robot.brain.data.users['U-alice'].roles).toEqual(['demo'])
    expect(await bot.say('U-admin', 'hubot alice has demo role', { name: 'admin-user' })).toEqual(["admin-user: alice already has the 'demo' role."])
  })

  test('an admin sets a role for themself', async () => {
    expect(await bot.say('U-admin', 'hubot I have demo role', { name: 'admin-user' })).toEqual(["admin-user: OK, admin-user has the 'demo' role."])
    expect(await bot.say('U-admin', 'hubot what roles do I have', { name: 'admin-user' })).toEqual(['admin-user: You have the following roles: admin, demo.'])
  })

  test('a name with a space', async () => {
    expect(await bot.say('U-admin', 'hubot Bob Smith has demo role', { name: 'admin-user' })).toEqual(["admin-user: OK, Bob Smith has the 'demo' role."])
    expect(bot.robot.brain.data.users['U-jb'].roles).toEqual(['demo'])
  })

  test('the admin role cannot be given in chat', async () => {
    expect(await bot.say('U-admin', 'hubot alice has admin role', { name: 'admin-user' })).toEqual(["admin-user: the 'admin' role can only be given in the HUBOT_AUTH_ADMIN environment variable."])
    expect(bot.robot.brain.data.users['U-alice'].roles).toBeUndefined()
  })

  test('a non-admin is refused, and nothing changes', async () => {
    expect(await bot.say('U-alice', 'hubot bob has demo role', { name: 'alice' })).toEqual(['alice: only admins can do that; admins are the user ids in HUBOT_AUTH_ADMIN.'])
    expect(await bot.say('U-alice', "hubot bob doesn't have demo role", { name: 'alice' })).toEqual(['alice: only admins can do that; admins are the user ids in HUBOT_AUTH_ADMIN.'])
    expect(bot.robot.brain.data.users['U-bob'].roles).toBeUndefined()
  })

  test('an admin removes a role, in each spelling', async () => {
    bot.robot.brain.data.users['U-bob'].roles = ['demo', 'ops', 'qa']
    expect(await bot.say('U-admin', "hubot bob doesn't have demo role", { name: 'admin-user' })).toEqual(["admin-user: OK, bob doesn't have the 'demo' role."])
    expect(await bot.say('U-admin', 'hubot bob does not have ops role', { name: 'admin-user' })).toEqual(["admin-user: OK, bob doesn't have the 'ops' role."])
    expect(await bot.say('U-admin', "hubot bob don't have qa role", { name: 'admin-user' })).toEqual(["admin-user: OK, bob doesn't have the 'qa' role."])
    expect(await bot.say('U-admin', "hubot bob doesn't have qa role", { name: 'admin-user' })).toEqual(["admin-user: bob doesn't have the 'qa' role."])
    expect(bot.robot.brain.data.users['U-bob'].roles).toEqual([])
  })

  test('what roles does a user have; who has a role; list assigned roles', async () => {
    bot.robot.brain.data.users['U-bob'].roles = ['demo']
    bot.robot.brain.data.users['U-alice'].roles = ['demo', 'deployers']
    expect(await bot.say('U-alice', 'hubot what roles does bob have', { name: 'alice' })).toEqual(['alice: bob has the following roles: demo.'])
    expect(await bot.say('U-alice', 'hubot what roles does admin-user have', { name: 'alice' })).toEqual(['alice: admin-user has the following roles: admin.'])
    expect(await bot.say('U-alice', 'hubot who has demo role', { name: 'alice' })).toEqual(["alice: The following people have the 'demo' role: alice, bob"])
    expect(await bot.say('U-alice', 'hubot who has nobody role', { name: 'alice' })).toEqual(["alice: There are no people that have the 'nobody' role."])
    expect(await bot.say('U-alice', 'hubot list assigned roles', { name: 'alice' })).toEqual(['alice: The following roles are assigned: admin, demo, deployers'])
  })

  test("what's my id and name", async () => {
    expect(await bot.say('U-alice', "hubot what's my id", { name: 'alice' })).toEqual(['alice: Your ID is U-alice.'])
    expect(await bot.say('U-alice', 'hubot what is my name?', { name: 'alice' })).toEqual(['alice: Your name is alice.'])
  })
})

describe('roles: beyond hubot-auth', () => {
  test('a Slack mention resolves by id, never by display name', async () => {
    bot.robot.brain.userForId('U-evil', { name: 'U-bob' }) // a display name that looks like an id
    expect(await bot.say('U-admin', 'hubot <@U-bob> has ops role', { name: 'admin-user' })).toEqual(["admin-user: OK, bob has the 'ops' role."])
    expect(bot.robot.brain.data.users['U-bob'].roles).toEqual(['ops'])
    expect(bot.robot.brain.data.users['U-evil'].roles).toBeUndefined()
    expect(await bot.say('U-admin', 'hubot <@U-ghost> has ops role', { name: 'admin-user' })).toEqual(['admin-user: I don\'t know the user <@U-ghost> yet; ask them to say something, or try again after the user list syncs.'])
  })

  test("an 'admin' role stored in the brain grants nothing: only HUBOT_AUTH_ADMIN makes admins", async () => {
    bot.robot.brain.data.users['U-alice'].roles = ['admin', 'demo'] // e.g. an imported brain
    expect(await bot.say('U-alice', 'hubot bob has ops role', { name: 'alice' })).toEqual(['alice: only admins can do that; admins are the user ids in HUBOT_AUTH_ADMIN.'])
    expect(bot.robot.brain.data.users['U-bob'].roles).toBeUndefined()
    expect(await bot.say('U-alice', 'hubot what roles do I have', { name: 'alice' })).toEqual(['alice: You have the following roles: demo.'])
    expect(await bot.say('U-alice', 'hubot who has admin role', { name: 'alice' })).toEqual(["alice: The following people have the 'admin' role: U-other-admin, admin-user"])
  })

  test('smart apostrophes (as phones type them) work like plain ones', async () => {
    bot.robot.brain.data.users['U-bob'].roles = ['demo', 'ops']
    expect(await bot.say('U-admin', 'hubot bob doesn’t have demo role', { name: 'admin-user' })).toEqual(["admin-user: OK, bob doesn't have the 'demo' role."])
    expect(await bot.say('U-admin', 'hubot bob don’t have ops role', { name: 'admin-user' })).toEqual(["admin-user: OK, bob doesn't have the 'ops' role."])
    expect(bot.robot.brain.data.users['U-bob'].roles).toEqual([])
    expect(await bot.say('U-alice', 'hubot what’s my id?', { name: 'alice' })).toEqual(['alice: Your ID is U-alice.'])
    expect(await bot.say('U-alice', 'hubot what’s my name', { name: 'alice' })).toEqual(['alice: Your name is alice.'])
  })

  test('a mention of an id that is an Object member (<@constructor>) is an unknown user, not Object', async () => {
    expect(await bot.say('U-alice', 'hubot what roles does <@constructor> have', { name: 'alice' })).toEqual(["alice: I don't know the user <@constructor> yet; ask them to say something, or try again after the user list syncs."])
    expect(await bot.say('U-admin', 'hubot <@__proto__> has ops role', { name: 'admin-user' })).toEqual(["admin-user: I don't know the user <@__proto__> yet; ask them to say something, or try again after the user list syncs."])
    expect(Object.keys(bot.robot.brain.data.users).sort()).toEqual(['U-admin', 'U-alice', 'U-bob', 'U-jb'])
  })

  test('an ambiguous name is refused and names the candidates', async () => {
    bot.robot.brain.userForId('U-bob2', { name: 'bob' })
    const [reply] = await bot.say('U-admin', 'hubot bob has ops role', { name: 'admin-user' })
    expect(reply).toBe('admin-user: "bob" could be several people: bob (U-bob), bob (U-bob2). Mention the one you mean (@name).')
    expect(bot.robot.brain.data.users['U-bob'].roles).toBeUndefined()
  })

  test('an unknown name and a bad role name are explained', async () => {
    expect(await bot.say('U-admin', 'hubot zed has ops role', { name: 'admin-user' })).toEqual(['admin-user: I don\'t know anyone called "zed". Check the spelling, or mention them (@name).'])
    expect(await bot.say('U-admin', 'hubot bob has Ops.. role', { name: 'admin-user' })).toEqual(["admin-user: OK, bob has the 'ops..' role."])
    expect(await bot.say('U-admin', 'hubot bob has -x role', { name: 'admin-user' })).toEqual(['admin-user: "-x" is not a role name: use lowercase letters, digits and _ . : - (e.g. deployers).'])
  })

  test('grants and revokes are audit events in the log and the store', async () => {
    await bot.say('U-admin', 'hubot alice has deployers role', { name: 'admin-user' })
    await bot.say('U-admin', "hubot alice doesn't have deployers role", { name: 'admin-user' })
    const logged = bot.logs.audit().filter(l => String(l.event).startsWith('role.'))
    expect(logged.map(l => [l.event, l.actor_id, l.target_id, l.role])).toEqual([
      ['role.granted', 'U-admin', 'U-alice', 'deployers'], ['role.revoked', 'U-admin', 'U-alice', 'deployers']])
    const stored = (await recentAudit(bot.context, 10)).filter(e => e.event.startsWith('role.'))
    expect(stored.map(e => e.event)).toEqual(['role.granted', 'role.revoked'])
  })
})

describe('roles middleware', () => {
  test('a listener declaring roles tells the user which role is missing', async () => {
    bot.robot.respond(/restart (\S+)$/i, { id: 'test.restart', roles: ['deployers', 'ops'] }, async (res) => { await res.reply(`restarting ${res.match[1]}`) })
    expect(await bot.say('U-alice', 'hubot restart api', { name: 'alice' })).toEqual(['alice: you need the \'deployers\' or \'ops\' role to do that; ask an admin: "hubot <you> has deployers role"'])
    bot.robot.brain.data.users['U-alice'].roles = ['ops']
    expect(await bot.say('U-alice', 'hubot restart api', { name: 'alice' })).toEqual(['alice: restarting api'])
  })

  test('the audit middleware fails closed: a privileged command whose audit entry cannot be stored does not run', async () => {
    class NoAuditStore extends MemoryStore {
      async append (): Promise<void> { throw new Error('audit list down') }
    }
    const auditBot = await startTestBot({ scripts: ['help.ts'], store: new NoAuditStore() })
    try {
      let ran = false
      auditBot.robot.respond(/restart (\S+)$/i, { id: 'test.restart', roles: ['deployers'] }, async () => { ran = true })
      auditBot.robot.brain.userForId('U-alice', { name: 'alice', roles: ['deployers'] })
      // A storage failure, said as one: not "(audit check failed)", which reads like a permission problem.
      expect(await auditBot.say('U-alice', 'hubot restart api', { name: 'alice' })).toEqual(["alice: the audit trail could not be written: storage is failing; the command did not run. Try again; if it keeps failing, tell the bot's admins."])
      expect(ran).toBe(false)
      expect(auditBot.logs.lines.some(l => l.middleware === 'audit' && l.level === 50 && l.listener === 'test.restart')).toBe(true)
    } finally {
      await auditBot.stop()
    }
  })

  test('fails closed: a role lookup that throws denies the command and logs why', async () => {
    let ran = false
    bot.robot.respond(/restart (\S+)$/i, { id: 'test.restart', roles: ['deployers'] }, async () => { ran = true })
    Object.defineProperty(bot.robot.brain.data.users['U-alice'], 'roles', { get () { throw new Error('brain exploded') } })
    const replies = await bot.say('U-alice', 'hubot restart api', { name: 'alice' })
    expect(ran).toBe(false)
    expect(replies).toEqual(["alice: I couldn't check whether you may run that (roles check failed), so I didn't run it. Try again; if it keeps failing, tell the bot's admins."])
    expect(bot.logs.lines.some(l => l.middleware === 'roles' && String(l.msg).includes('command denied'))).toBe(true)
  })
})
