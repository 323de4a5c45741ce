// A new user's first hour in the terminal, as transcripts: /as makes people known at
// once, the terminal's own user is the admin when none is configured (only here), help
// shows listener ids for approval rules, a request nobody can approve says so, exit and
// quit end the chat, a bare /as and a bare approve explain themselves, and a prompt
// appears only on a real terminal.
import { afterEach, describe, expect, test } from '@jest/globals'
import { startTerminal, type TerminalSession } from '../helpers/terminal.ts'

const SCRIPTS = ['help.ts', 'roles.ts', 'approvals.ts']
const RULE = { HUBOT_APPROVAL_RULES: '{"roles.grant": {"group": "oncall"}}' }

const sessions: TerminalSession[] = []
afterEach(async () => { for (const s of sessions.splice(0)) await s.stop() })

async function terminal (options: Parameters<typeof startTerminal>[0] = {}): Promise<TerminalSession> {
  const session = await startTerminal({ scripts: SCRIPTS, ...options })
  sessions.push(session)
  return session
}

const idIn = (text: string): string => {
  const m = /approve ([A-Z2-9]{6})"/.exec(text)
  if (m == null) throw new Error(`no request id in ${text}`)
  return m[1]
}

describe('trying roles and approvals in the terminal', () => {
  test('/as <name> makes the user known at once: the admin can give alice a role before alice has said anything', async () => {
    const t = await terminal()
    expect(await t.type('/as alice', /\n/)).toBe('(you are now alice)\n')
    expect(t.robot.brain.data.users.alice).toMatchObject({ id: 'alice', name: 'alice', room: 'shell' })
    // Back to the terminal's own user: its configured name, not the id.
    expect(await t.type('/as U-sam', /\n/)).toBe('(you are now Sam)\n')
    expect(await t.type('alice has oncall role', /\n/)).toBe("Sam: OK, alice has the 'oncall' role.\n")
    expect(await t.type('who has oncall role', /\n/)).toBe("Sam: The following people have the 'oncall' role: alice\n")
  })

  test('without HUBOT_AUTH_ADMIN the terminal\'s own user is the admin, says so at start, and users switched to with /as are not', async () => {
    const t = await terminal()
    const started = t.logs.lines.find(l => l.terminal_admin === 'U-sam')
    expect(started?.msg).toBe('HUBOT_AUTH_ADMIN is unset: the terminal\'s own user "U-sam" (Sam) is the admin, in the terminal only')
    await t.type('/as bob', /\n/)
    expect(await t.type('/as alice', /\n/)).toBe('(you are now alice)\n')
    expect(await t.type('bob has oncall role', /\n/)).toBe('alice: only admins can do that; HUBOT_AUTH_ADMIN is unset, so the admin is the terminal\'s own user (say "/as U-sam").\n')
    expect(await t.type('what roles do I have', /\n/)).toBe('alice: You have no roles.\n')
    await t.type('/as U-sam', /\n/)
    expect(await t.type('what roles do I have', /\n/)).toBe('Sam: You have the following roles: admin.\n')
    expect(await t.type('bob has oncall role', /\n/)).toBe("Sam: OK, bob has the 'oncall' role.\n")
  })

  test('with HUBOT_AUTH_ADMIN set, only those ids are admins, in the terminal too', async () => {
    const t = await terminal({ env: { HUBOT_AUTH_ADMIN: 'U-root' } })
    expect(t.logs.lines.some(l => l.terminal_admin != null)).toBe(false)
    await t.type('/as bob', /\n/)
    await t.type('/as U-sam', /\n/)
    expect(await t.type('bob has oncall role', /\n/)).toBe('Sam: only admins can do that; admins are the user ids in HUBOT_AUTH_ADMIN.\n')
  })

  test('help --ids shows the listener id of each command, the names HUBOT_APPROVAL_RULES takes', async () => {
    const t = await terminal()
    const out = await t.type('help --ids role', /\n$/)
    expect(out).toContain('hubot <user> has <role> role - give a user a role [admins only] (id: roles.grant)\n')
    expect(out).toContain('hubot who has <role> role - list the users with a role (id: roles.who)\n')
    expect(out).toContain('hubot approve <id> - approve a teammate\'s request (you need the request\'s group role) (id: approvals.approve)\n')
    const plain = await t.type('help role', /\n$/)
    expect(plain).not.toContain('(id: ')
    expect(await t.type('help help', /\n$/)).toContain('hubot help --ids [<filter>] - the same, with each command\'s listener id (the names HUBOT_APPROVAL_RULES takes)')
  })

  test('a role grant under an approval rule: held, approved by another person with the group role, then run', async () => {
    const t = await terminal({ env: RULE, register: robot => { robot.brain.userForId('bob', { name: 'bob', roles: ['oncall'] }) } })
    await t.type('/as alice', /\n/)
    await t.type('/as U-sam', /\n/)
    const held = await t.type('alice has deployers role', /expires/)
    expect(held).toMatch(/^Sam wants to run "alice has deployers role"\. 1 approval needed from 'oncall'\. Say "hubot approve [A-Z2-9]{6}" \(expires \d\d:\d\d UTC\)\.\n$/)
    const id = idIn(held)
    await t.type('/as bob', /\n/)
    const ran = await t.type(`approve ${id}`, /deployers' role\.\n/)
    expect(ran).toBe(`${id} approved by bob: running "alice has deployers role" for Sam.\nSam: OK, alice has the 'deployers' role.\n`)
    expect(t.logs.lines.some(l => l.level === 40 && l.request_id === id)).toBe(false) // bob could approve: no warning
  })
})

describe('a request nobody can approve says so', () => {
  test('nobody has the group role: the request says how an admin grants it, and a warning is logged', async () => {
    const t = await terminal({ env: RULE })
    await t.type('/as alice', /\n/)
    await t.type('/as U-sam', /\n/)
    const held = await t.type('alice has deployers role', /expires/)
    const id = idIn(held)
    expect(held).toBe(`Sam wants to run "alice has deployers role". 1 approval needed from 'oncall', but nobody has the 'oncall' role yet: an admin can grant it with "hubot <user> has oncall role". Say "hubot approve ${id}" (expires ${/expires (\d\d:\d\d UTC)/.exec(held)?.[1] ?? ''}).\n`)
    const warning = t.logs.lines.find(l => l.level === 40 && l.request_id === id)
    expect(warning).toMatchObject({ group: 'oncall', quorum: 1, possible_approvers: 0, msg: 'approval requested, but too few people besides the requester have the group role to approve it' })
  })

  test('too few holders for the quorum says how many; only the requester holding it is "nobody but" them; enough holders: no note', async () => {
    const t = await terminal({
      env: { HUBOT_APPROVAL_RULES: '{"roles.grant": {"group": "oncall"}, "roles.revoke": {"group": "oncall", "quorum": 2}}' },
      register: robot => {
        robot.brain.userForId('U-sam', { name: 'Sam', roles: ['oncall'] })
        robot.brain.userForId('alice', { name: 'alice', roles: ['deployers', 'oncall'] })
      }
    })
    expect(await t.type('alice has auditor role', /expires/)).not.toContain(' but ')
    const revoke = await t.type('alice doesn\'t have deployers role', /expires/)
    expect(revoke).toContain("2 approvals needed from 'oncall', but only 1 person besides Sam has the 'oncall' role: an admin can grant it with \"hubot <user> has oncall role\". Say")
    t.robot.brain.data.users.alice.roles = ['deployers']
    const alone = await t.type('alice has dba role', /expires/)
    expect(alone).toContain("1 approval needed from 'oncall', but nobody but Sam has the 'oncall' role: an admin can grant it with \"hubot <user> has oncall role\". Say")
    expect(t.logs.lines.filter(l => l.level === 40 && l.group === 'oncall').map(l => l.possible_approvers)).toEqual([1, 0])
  })
})

describe('terminal conveniences', () => {
  test('exit and quit end the chat: later lines are not read', async () => {
    for (const word of ['exit', 'quit', 'hubot exit']) {
      const t = await terminal()
      await t.type('help words', /\n/)
      await t.type(word, /^$/)
      await t.ended
      expect(t.out()).toBe('hubot help <words> - only the commands that mention all of those words\n')
    }
  })

  test('a bare /as says who you are', async () => {
    const t = await terminal()
    expect(await t.type('/as', /\n/)).toBe('(you are Sam, id U-sam, an admin; "/as <name>" speaks as someone else)\n')
    await t.type('/as alice', /\n/)
    expect(await t.type('/as', /\n/)).toBe('(you are alice, id alice; "/as <name>" speaks as someone else)\n')
  })

  test('approve, deny, cancel and approval without an id answer with their usage', async () => {
    const t = await terminal()
    expect(await t.type('approve', /\n/)).toBe('Sam: usage: "hubot approve <id>"; say "hubot approvals" for the pending requests and their ids.\n')
    expect(await t.type('deny', /\n/)).toBe('Sam: usage: "hubot deny <id> [<reason>]"; say "hubot approvals" for the pending requests and their ids.\n')
    expect(await t.type('cancel', /\n/)).toBe('Sam: usage: "hubot cancel <id>"; say "hubot approvals" for the pending requests and their ids.\n')
    expect(await t.type('hubot approval', /\n/)).toBe('Sam: usage: "hubot approval <id>"; say "hubot approvals" for the pending requests and their ids.\n')
  })

  test('on a terminal a prompt is shown before each line is read; never when piped', async () => {
    const tty = await terminal({ tty: true })
    expect(tty.out()).toBe('(you are Sam, the admin here: HUBOT_AUTH_ADMIN is unset. "help" lists the commands, "/as <name>" speaks as someone else, "exit" quits.)\nhubot> ')
    expect(await tty.type('help words', /hubot> $/)).toBe('hubot help <words> - only the commands that mention all of those words\nhubot> ')
    const piped = await terminal()
    expect(await piped.type('help words', /\n/)).toBe('hubot help <words> - only the commands that mention all of those words\n')
    expect(piped.out()).not.toContain('hubot>')
  })
})

describe('help and audit text read once, whole and unambiguous', () => {
  test('"admins only" is said once; help roles lists every roles command, "who has <role> role" included', async () => {
    const t = await terminal()
    const roles = await t.type('help roles', /\n$/)
    expect(roles).toContain('hubot <user> has <role> role - give a user a role [admins only]\n')
    expect(roles).toContain("hubot <user> doesn't have <role> role - take a role away [admins only]\n")
    expect(roles).toContain('hubot who has <role> role - list the users with a role\n')
    expect(roles).toContain('hubot list assigned roles - every role given to someone\n')
    expect(roles).not.toContain('(admins only)')
    const glass = await t.type('help break-glass', /\n$/)
    expect(glass).toContain('hubot break-glass <id> <reason> - run your own request now without approval [role: break-glass]\n')
    expect(glass).not.toContain('(role break-glass)')
  })

  test('a command with double quotes in it is shown in other quote marks, never quotes inside quotes', async () => {
    const t = await terminal({ env: RULE, register: robot => { robot.brain.userForId('bob', { name: 'bob', roles: ['oncall'] }) } })
    await t.type('/as alice', /\n/)
    await t.type('/as U-sam', /\n/)
    const held = await t.type('alice has "deployers" role', /expires/)
    expect(held).toMatch(/^Sam wants to run “alice has "deployers" role”\. 1 approval needed from 'oncall'\. Say "hubot approve [A-Z2-9]{6}"/)
    const id = idIn(held)
    expect(await t.type('approvals', /\n$/)).toContain(`${id} Sam: “alice has "deployers" role” (0/1 from 'oncall';`)
    await t.type('/as bob', /\n/)
    expect(await t.type(`approve ${id}`, /role\.\n/)).toContain(`${id} approved by bob: running “alice has "deployers" role” for Sam.`)
  })

  test('audit lines name the subject: which role, to or from whom, by whom', async () => {
    const t = await terminal()
    await t.type('/as alice', /\n/)
    await t.type('/as U-sam', /\n/)
    await t.type('alice has deployers role', /\n/)
    await t.type('alice doesn\'t have deployers role', /\n/)
    const lines = (await t.type('audit 5', /\n$/)).trimEnd().split('\n').map(l => l.replace(/^\d{4}-\d\d-\d\d \d\d:\d\d /, ''))
    expect(lines).toEqual([
      'Sam: last 5 audit event(s), oldest first:',
      'command: "hubot alice has deployers role" by Sam (U-sam)',
      'role.granted: deployers to alice by Sam (U-sam)',
      'command: "hubot alice doesn\'t have deployers role" by Sam (U-sam)',
      'role.revoked: deployers from alice by Sam (U-sam)',
      'command: "hubot audit 5" by Sam (U-sam)'
    ])
  })
})
