// The peer-approval cases, through the real robot: each case asserts whether the
// privileged listener ran and which audit events were written.
import { afterEach, describe, expect, test } from '@jest/globals'
import hubot from 'hubot'
import type { TestBot } from '../helpers/bot.ts'
import { MemoryStore } from '../../src/store/index.ts'
import { sweepExpired } from '../../src/approval/index.ts'
import { ManualClock, approvalBot, as, decisions, idIn, runs } from './approval-harness.ts'

const bots: TestBot[] = []
afterEach(async () => { for (const b of bots.splice(0)) await b.stop() })

async function start (env: Record<string, string> = {}, clock = new ManualClock()): Promise<{ bot: TestBot, clock: ManualClock }> {
  const bot = await approvalBot({ env, clock })
  bots.push(bot)
  return { bot, clock }
}

describe('requesting', () => {
  test('a held command names requester, command, group, quorum, expiry and the literal approve command; it does not run', async () => {
    const { bot } = await start()
    const lines = await as(bot, 'U-alice', 'hubot deploy reading-lists/v2.3 to production')
    const id = idIn(lines)
    expect(id).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{6}$/)
    expect(lines).toEqual([`alice wants to run "deploy reading-lists/v2.3 to production". 1 approval needed from 'deployers'. Say "hubot approve ${id}" (expires 12:15 UTC).`])
    const raw = bot.adapter.said.at(-1)?.raw as { blocks: Array<{ type: string, elements?: Array<{ action_id: string, value: string }> }> }
    const actions = raw.blocks.find(b => b.type === 'actions')
    expect(actions?.elements?.map(e => [e.action_id, e.value])).toEqual([['approval.approve', id], ['approval.deny', id]])
    expect(runs(bot)).toEqual([])
    expect(decisions(bot)).toEqual(['requested'])
    const requested = bot.logs.audit().find(e => e.event === 'approval.requested')
    expect(requested).toMatchObject({ request_id: id, listener_id: 'deploy.run', command: 'deploy reading-lists/v2.3 to production', room: 'general', requester_id: 'U-alice', approver_ids: [], decision: 'requested', reason: null })
  })

  test('the resumed command sees the requester as the brain knows them (email, roles), not a bare user', async () => {
    const { bot } = await start()
    bot.robot.brain.data.users['U-alice'].email_address = 'alice@example.com'
    const id = idIn(await as(bot, 'U-alice', 'hubot rotate keys'))
    await as(bot, 'U-bob', `hubot approve ${id}`)
    expect(runs(bot)).toEqual(['RAN rotate as U-alice <alice@example.com>'])
  })

  test('the bot name in the approve command is the configured one', async () => {
    const { bot } = await start({ HUBOT_NAME: 'shipit' })
    const lines = await as(bot, 'U-alice', 'shipit deploy app to production')
    expect(lines[0]).toContain(`Say "shipit approve ${idIn(lines)}"`)
  })

  test('policy function: staging runs at once, production is held', async () => {
    const { bot } = await start()
    expect(await as(bot, 'U-alice', 'hubot deploy app to staging')).toEqual(['RAN deploy app to staging as U-alice in general'])
    expect(decisions(bot)).toEqual([])
    await as(bot, 'U-alice', 'hubot deploy app to production')
    expect(runs(bot)).toHaveLength(1)
    expect(decisions(bot)).toEqual(['requested'])
  })

  test('rules override listeners: null removes approval, a rule adds one', async () => {
    const rules = JSON.stringify({ 'deploy.*': null, 'ops.restart': { group: 'deployers', quorum: 2, ttl: '1h' } })
    const { bot } = await start({ HUBOT_APPROVAL_RULES: rules })
    expect(await as(bot, 'U-alice', 'hubot deploy app to production')).toEqual(['RAN deploy app to production as U-alice in general'])
    const held = await as(bot, 'U-alice', 'hubot restart api')
    expect(held[0]).toContain("2 approvals needed from 'deployers'")
    expect(held[0]).toContain('(expires 13:00 UTC)')
    expect(runs(bot)).toEqual(['RAN deploy app to production as U-alice in general'])
    expect(decisions(bot)).toEqual(['requested'])
  })

  test('an expiry a day or more away names the date, not just a time of day that reads as now', async () => {
    const { bot } = await start({ HUBOT_APPROVAL_RULES: JSON.stringify({ 'ops.restart': { group: 'deployers', ttl: '1d' } }) })
    const held = await as(bot, 'U-alice', 'hubot restart api')
    expect(held[0]).toContain(`Say "hubot approve ${idIn(held)}" (expires 2026-11-26 12:00 UTC).`)
    expect((await as(bot, 'U-bob', 'hubot approvals'))[0]).toContain('expires 2026-11-26 12:00 UTC)')
  })

  test('DM refusal: a privileged command in a direct message is refused and nothing is stored', async () => {
    const { bot } = await start()
    expect(await as(bot, 'U-alice', 'hubot deploy app to production', 'D0123ABCD')).toEqual([
      "alice: that command needs approval from 'deployers', and approvers can't see a direct message. Ask in a channel where they are."
    ])
    expect(await as(bot, 'U-bob', 'hubot approvals')).toEqual(['bob: no requests are waiting for approval.'])
    expect(decisions(bot)).toEqual([])
  })

  test('DM with HUBOT_APPROVAL_ROOM: the request is posted there too, and runs in the DM once approved', async () => {
    const { bot } = await start({ HUBOT_APPROVAL_ROOM: 'ops-approvals' })
    const lines = await as(bot, 'U-alice', 'hubot deploy app to production', 'D0123ABCD')
    const id = idIn(lines)
    expect(bot.adapter.said.map(s => s.room)).toEqual(['ops-approvals', 'D0123ABCD'])
    expect(lines[1]).toContain('(posted in ops-approvals for approvers)')
    await as(bot, 'U-bob', `hubot approve ${id}`, 'ops-approvals')
    expect(bot.adapter.said.filter(s => s.text.startsWith('RAN')).map(s => [s.room, s.text])).toEqual([['D0123ABCD', 'RAN deploy app to production as U-alice in D0123ABCD']])
  })

  test('a request made in a Slack thread is announced and run in that thread', async () => {
    const { bot } = await start()
    const user = bot.robot.brain.userForId('U-alice', { name: 'alice' })
    user.room = 'deploys'
    const message = new hubot.TextMessage(user, 'hubot deploy app to production', 'm-thread')
    ;(message as unknown as { thread_ts: string }).thread_ts = '1700000000.000100'
    await bot.context.work.track(bot.robot.receive(message))
    const id = idIn(bot.said())
    await as(bot, 'U-bob', `hubot approve ${id}`, 'random')
    const inThread = bot.adapter.said.filter(s => s.room === 'deploys').map(s => [s.text.split(' ').slice(0, 2).join(' '), (s.envelope.message as unknown as { thread_ts?: string })?.thread_ts])
    expect(inThread).toEqual([
      ['alice wants', '1700000000.000100'],
      [`${id} approved`, '1700000000.000100'],
      ['RAN deploy', '1700000000.000100']
    ])
  })

  test('a Slack message event with channel_type "im" counts as a DM', async () => {
    const { bot } = await start()
    const user = bot.robot.brain.userForId('U-alice', { name: 'alice' })
    user.room = 'C0NOTADM'
    const message = new hubot.TextMessage(user, 'hubot deploy app to production', 'm-im')
    ;(message as unknown as { rawMessage: unknown }).rawMessage = { type: 'message', channel_type: 'im', channel: 'C0NOTADM', ts: '1.2' }
    await bot.context.work.track(bot.robot.receive(message))
    expect(bot.said()[0]).toContain("approvers can't see a direct message")
    expect(runs(bot)).toEqual([])
  })

  test('an isDirect flag from an adapter also counts as a DM', async () => {
    const { bot } = await start()
    const user = bot.robot.brain.userForId('U-alice', { name: 'alice' })
    user.room = 'C0123'
    const message = new hubot.TextMessage(user, 'hubot deploy app to production', 'm-dm')
    ;(message as unknown as { isDirect: boolean }).isDirect = true
    await bot.context.work.track(bot.robot.receive(message))
    expect(bot.said()).toEqual(["alice: that command needs approval from 'deployers', and approvers can't see a direct message. Ask in a channel where they are."])
  })

  test('fail closed: a store that throws denies the command, tells the user, logs, never runs', async () => {
    class BrokenStore extends MemoryStore {
      async setIfAbsent (): Promise<boolean> { throw new Error('store down') }
    }
    const clock = new ManualClock()
    const bot = await approvalBot({ clock, store: new BrokenStore({ clock }) })
    bots.push(bot)
    const lines = await as(bot, 'U-alice', 'hubot deploy app to production')
    expect(lines).toEqual(["alice: I couldn't check whether you may run that (approval check failed), so I didn't run it. Try again; if it keeps failing, tell the bot's admins."])
    expect(runs(bot)).toEqual([])
    expect(bot.logs.lines.some(l => l.middleware === 'approval' && l.level === 50)).toBe(true)
    expect(decisions(bot)).toEqual([])
  })

  test('fail closed after the request was stored: an audit write that fails withdraws it, so it can never be approved', async () => {
    class FlakyAuditStore extends MemoryStore {
      failNext = true
      async append (key: string, value: unknown, cap: number): Promise<void> {
        if (this.failNext) { this.failNext = false; throw new Error('audit list down') }
        await super.append(key, value, cap)
      }
    }
    const clock = new ManualClock()
    const store = new FlakyAuditStore({ clock })
    const bot = await approvalBot({ clock, store })
    bots.push(bot)
    expect(await as(bot, 'U-alice', 'hubot deploy app to production')).toEqual(["alice: I couldn't check whether you may run that (approval check failed), so I didn't run it. Try again; if it keeps failing, tell the bot's admins."])
    expect(await as(bot, 'U-bob', 'hubot approvals')).toEqual(['bob: no requests are waiting for approval.'])
    const [key] = await store.keys('approval:req:')
    const id = key.slice('approval:req:'.length)
    expect(await as(bot, 'U-bob', `hubot approve ${id}`)).toEqual([`bob: request ${id} was cancelled by hubot (withdrawn: it could not be recorded or posted); ask the requester to run the command again.`])
    expect(runs(bot)).toEqual([])
    // The log line of `requested` is written before the store append that failed.
    expect(decisions(bot)).toEqual(['requested', 'cancelled'])
    expect(bot.logs.audit().at(-1)).toMatchObject({ request_id: id, actor_id: 'system', decision: 'cancelled', reason: 'withdrawn: it could not be recorded or posted' })
  })

  test('fail closed after the request was stored: a request message that cannot be posted is withdrawn', async () => {
    const { bot } = await start()
    const send = bot.adapter.send.bind(bot.adapter)
    bot.adapter.send = async (envelope, ...strings) => {
      if (strings.some(s => JSON.stringify(s).includes('wants to run'))) throw new Error('chat API down')
      await send(envelope, ...strings)
    }
    expect(await as(bot, 'U-alice', 'hubot deploy app to production')).toEqual([expect.stringContaining('(approval check failed), so I didn\'t run it')])
    expect(await as(bot, 'U-bob', 'hubot approvals')).toEqual(['bob: no requests are waiting for approval.'])
    expect(runs(bot)).toEqual([])
    expect(decisions(bot)).toEqual(['requested', 'cancelled'])
  })

  test('fail closed: a policy function that throws denies the command', async () => {
    const { bot } = await start()
    bot.robot.respond(/boom-policy$/, { id: 'deploy.boom', approval: () => { throw new Error('policy broke') } }, async (res) => { await res.send('RAN boom') })
    const lines = await as(bot, 'U-alice', 'hubot boom-policy')
    expect(lines[0]).toContain('approval check failed')
    expect(runs(bot)).toEqual([])
  })
})

describe('approving', () => {
  test('a teammate approves: the listener runs once, as the requester, in the original room, and the room is told who approved', async () => {
    const { bot } = await start()
    const id = idIn(await as(bot, 'U-alice', 'hubot deploy app to production'))
    const lines = await as(bot, 'U-bob', `hubot approve ${id}`, 'general')
    expect(lines).toEqual([`${id} approved by bob: running "deploy app to production" for alice.`, 'RAN deploy app to production as U-alice in general'])
    expect(await as(bot, 'U-carol', `hubot approve ${id}`)).toEqual([`carol: request ${id} was already approved and has run.`])
    expect(runs(bot)).toHaveLength(1)
    expect(decisions(bot)).toEqual(['requested', 'approved', 'executed'])
    expect(bot.logs.audit().find(e => e.decision === 'executed')).toMatchObject({ request_id: id, approver_ids: ['U-bob'], actor_id: 'U-bob' })
  })

  test('the approver in another room gets their own answer; the original room gets the announcement and the run', async () => {
    const { bot } = await start()
    const id = idIn(await as(bot, 'U-alice', 'hubot deploy app to production', 'deploys'))
    await as(bot, 'U-bob', `hubot approve ${id}`, 'random')
    const byRoom = bot.adapter.said.slice(1).map(s => [s.room, s.text])
    expect(byRoom).toEqual([
      ['deploys', `${id} approved by bob: running "deploy app to production" for alice.`],
      ['random', `bob: ${id} approved by bob: running "deploy app to production" for alice.`],
      ['deploys', 'RAN deploy app to production as U-alice in deploys']
    ])
  })

  test('self-approval is refused: same user id from another room, after a display-name change', async () => {
    const { bot } = await start()
    const id = idIn(await as(bot, 'U-alice', 'hubot deploy app to production'))
    const lines = await bot.say('U-alice', `hubot approve ${id}`, { room: 'random', name: 'Alice Renamed' })
    expect(lines).toEqual([`Alice Renamed: you can't approve your own request ${id}; someone else from 'deployers' has to.`])
    expect(runs(bot)).toEqual([])
    expect(decisions(bot)).toEqual(['requested'])
  })

  test('a listener with named groups gets them back when the approved command runs', async () => {
    const { bot } = await start()
    bot.robot.respond(/ship (?<ref>\S+)(?: to (?<env>\S+))?$/i, { id: 'deploy.ship', approval: { group: 'deployers' } }, async (res) => {
      await res.send(`RAN ship ${String(res.match.groups?.ref)} to ${res.match.groups?.env ?? 'default'}`)
    })
    const id = idIn(await as(bot, 'U-alice', 'hubot ship v2'))
    await as(bot, 'U-bob', `hubot approve ${id}`)
    expect(runs(bot)).toEqual(['RAN ship v2 to default'])
  })

  test('a role the requester lost while the request waited stops the run: the request fails, the room is told', async () => {
    const { bot } = await start()
    bot.robot.respond(/purge (\S+)$/i, { id: 'db.purge', roles: ['dba'], approval: { group: 'deployers' } }, async (res) => { await res.send(`RAN purge ${res.match[1]}`) })
    const id = idIn(await as(bot, 'U-bob', 'hubot purge cache'))
    bot.robot.brain.data.users['U-bob'].roles = ['deployers'] // 'dba' taken away
    const lines = await as(bot, 'U-alice', `hubot approve ${id}`)
    expect(lines[1]).toBe(`I didn't run request ${id} ("purge cache"): bob no longer has the 'dba' role it needs. Ask an admin for the role, then run the command again.`)
    expect(runs(bot)).toEqual([])
    expect(decisions(bot)).toEqual(['requested', 'approved', 'failed'])
    expect(bot.logs.audit().at(-1)).toMatchObject({ request_id: id, decision: 'failed', reason: "bob no longer has the 'dba' role it needs" })
  })

  test('someone without the group role is refused', async () => {
    const { bot } = await start()
    const id = idIn(await as(bot, 'U-alice', 'hubot deploy app to production'))
    expect(await as(bot, 'U-dave', `hubot approve ${id}`)).toEqual([`dave: only people with the 'deployers' role can approve ${id}; ask an admin if you should have it.`])
    expect(runs(bot)).toEqual([])
    expect(decisions(bot)).toEqual(['requested'])
  })

  test('quorum 2: the same person approving twice counts once; a second person completes it', async () => {
    const { bot } = await start()
    const id = idIn(await as(bot, 'U-alice', 'hubot migrate orders'))
    expect(await as(bot, 'U-bob', `hubot approve ${id}`)).toEqual([`bob: you approved ${id} (1 of 2); 1 more needed from 'dba'.`])
    expect(await as(bot, 'U-bob', `hubot approve ${id}`)).toEqual([`bob: you already approved ${id}; it needs 1 more from 'dba'.`])
    expect(runs(bot)).toEqual([])
    await as(bot, 'U-carol', `hubot approve ${id}`)
    expect(runs(bot)).toEqual(['RAN migrate orders as U-alice'])
    expect(decisions(bot)).toEqual(['requested', 'approved', 'approved', 'executed'])
  })

  test('approve after expiry is refused; the sweeper tells the requester once', async () => {
    const { bot, clock } = await start()
    const id = idIn(await as(bot, 'U-alice', 'hubot deploy app to production'))
    clock.advance(15 * 60_000)
    expect(await as(bot, 'U-bob', `hubot approve ${id}`)).toEqual([`bob: request ${id} has expired; ask the requester to run the command again.`])
    expect(await sweepExpired(bot.robot)).toEqual([id])
    expect(await sweepExpired(bot.robot)).toEqual([])
    expect(bot.said().filter(s => s.includes('expired without approval'))).toEqual([`alice: your request ${id} ("deploy app to production") expired without approval; run the command again if it's still needed.`])
    expect(await as(bot, 'U-bob', `hubot approve ${id}`)).toEqual([`bob: request ${id} has expired; ask the requester to run the command again.`])
    expect(runs(bot)).toEqual([])
    expect(decisions(bot)).toEqual(['requested', 'expired'])
  })

  test('deny, then approve: the approval is refused', async () => {
    const { bot } = await start()
    const id = idIn(await as(bot, 'U-alice', 'hubot deploy app to production'))
    expect(await as(bot, 'U-bob', `hubot deny ${id} freeze until Monday`)).toEqual([`bob denied ${id} ("deploy app to production" by alice): freeze until Monday. It will not run.`])
    expect(await as(bot, 'U-carol', `hubot approve ${id}`)).toEqual([`carol: request ${id} was denied by bob; it can't be approved any more.`])
    expect(runs(bot)).toEqual([])
    expect(decisions(bot)).toEqual(['requested', 'denied'])
    expect(bot.logs.audit().find(e => e.decision === 'denied')).toMatchObject({ actor_id: 'U-bob', reason: 'freeze until Monday' })
  })

  test('cancel: refused for someone else, done by the requester; then approval is refused', async () => {
    const { bot } = await start()
    const id = idIn(await as(bot, 'U-alice', 'hubot deploy app to production'))
    expect(await as(bot, 'U-bob', `hubot cancel ${id}`)).toEqual([`bob: only alice, who asked, can cancel ${id}; people from 'deployers' can deny it.`])
    expect(await as(bot, 'U-alice', `hubot cancel ${id}`)).toEqual([`alice cancelled ${id} ("deploy app to production"). It will not run.`])
    expect(await as(bot, 'U-bob', `hubot approve ${id}`)).toEqual([`bob: request ${id} was cancelled by the requester.`])
    expect(runs(bot)).toEqual([])
    expect(decisions(bot)).toEqual(['requested', 'cancelled'])
  })

  test('unknown and malformed ids; a lower-case id is accepted', async () => {
    const { bot } = await start()
    expect(await as(bot, 'U-bob', 'hubot approve ABCDEF')).toEqual(['bob: I don\'t know request ABCDEF: check the id (say "hubot approvals" to list pending requests); old requests are forgotten 7 days after they expire.'])
    expect(await as(bot, 'U-bob', 'hubot approve HELLO1')).toEqual(['bob: "HELLO1" isn\'t a request id: ids are 6 letters and digits, like K7M2QX. Say "hubot approvals" to list pending requests.'])
    const id = idIn(await as(bot, 'U-alice', 'hubot deploy app to production'))
    await as(bot, 'U-bob', `hubot approve ${id.toLowerCase()}`)
    expect(runs(bot)).toEqual(['RAN deploy app to production as U-alice in general'])
    expect(decisions(bot)).toEqual(['requested', 'approved', 'executed'])
  })

  test('once claimed, a failing announcement does not stop the run (nor leave it executing forever)', async () => {
    const { bot } = await start()
    const id = idIn(await as(bot, 'U-alice', 'hubot deploy app to production'))
    const send = bot.adapter.send.bind(bot.adapter)
    bot.adapter.send = async (envelope, ...strings) => {
      if (strings.some(s => String(s).includes('approved by'))) throw new Error('chat API down')
      await send(envelope, ...strings)
    }
    await as(bot, 'U-bob', `hubot approve ${id}`)
    expect(runs(bot)).toEqual(['RAN deploy app to production as U-alice in general'])
    expect(decisions(bot)).toEqual(['requested', 'approved', 'executed'])
    expect(bot.logs.lines.some(l => l.request_id === id && l.level === 50)).toBe(true)
  })

  test('a listener that throws after approval: the error sink answers and the request is marked failed', async () => {
    const { bot } = await start()
    const id = idIn(await as(bot, 'U-alice', 'hubot explode'))
    const lines = await as(bot, 'U-bob', `hubot approve ${id}`)
    expect(lines[1]).toMatch(/^alice: something went wrong \(reference [0-9a-f]{8}\)/)
    expect(decisions(bot)).toEqual(['requested', 'approved', 'failed'])
    expect(bot.logs.audit().find(e => e.decision === 'failed')?.reason).toBe('boom in the listener')
    expect(await as(bot, 'U-carol', `hubot approval ${id}`)).toEqual([expect.stringContaining(`carol: Request ${id}: failed`)])
  })
})
