// The approvals script's own commands: list, show, break glass and review, the
// unreviewed list, the audit trail in chat, help, and that its commands are never held.
import { afterEach, describe, expect, test } from '@jest/globals'
import type { TestBot } from '../helpers/bot.ts'
import { MemoryStore } from '../../src/store/index.ts'
import { ManualClock, approvalBot, as, decisions, idIn, runs } from '../middleware/approval-harness.ts'

const bots: TestBot[] = []
afterEach(async () => { for (const b of bots.splice(0)) await b.stop() })

async function start (env: Record<string, string> = {}): Promise<{ bot: TestBot, clock: ManualClock }> {
  const clock = new ManualClock()
  const bot = await approvalBot({ env, clock })
  bots.push(bot)
  return { bot, clock }
}

describe('approvals and approval <id>', () => {
  test('lists pending requests with age and expiry, and shows one request', async () => {
    const { bot, clock } = await start()
    expect(await as(bot, 'U-dave', 'hubot approvals')).toEqual(['dave: no requests are waiting for approval.'])
    const first = idIn(await as(bot, 'U-alice', 'hubot deploy app to production'))
    clock.advance(5 * 60_000)
    const second = idIn(await as(bot, 'U-carol', 'hubot migrate orders'))
    await as(bot, 'U-bob', `hubot approve ${second}`)
    clock.advance(60_000)
    expect(await as(bot, 'U-dave', 'hubot approvals')).toEqual([
      'dave: 2 waiting for approval (at 12:06 UTC):\n' +
      `${first} alice: "deploy app to production" (0/1 from 'deployers'; asked 6m ago; expires 12:15 UTC)\n` +
      `${second} carol: "migrate orders" (1/2 from 'dba'; asked 60s ago; expires 12:35 UTC)`
    ])
    expect(await as(bot, 'U-dave', `hubot approval ${second.toLowerCase()}`)).toEqual([
      `dave: Request ${second}: pending\n` +
      '  command: "migrate orders" (db.migrate) in general\n' +
      '  requested by carol at 12:05 UTC, expires 12:35 UTC\n' +
      "  2 approvals needed from 'dba'; approved by: bob"
    ])
  })

  test('expired, denied and executed requests leave the list but stay readable', async () => {
    const { bot } = await start()
    const id = idIn(await as(bot, 'U-alice', 'hubot deploy app to production'))
    await as(bot, 'U-bob', `hubot deny ${id} not today`)
    expect(await as(bot, 'U-dave', 'hubot approvals')).toEqual(['dave: no requests are waiting for approval.'])
    const [shown] = await as(bot, 'U-dave', `hubot approval ${id}`)
    expect(shown).toContain(`Request ${id}: denied`)
    expect(shown).toContain('denied by bob: not today')
  })
})

describe('break glass', () => {
  test('off unless HUBOT_APPROVAL_BREAK_GLASS=true: nothing runs', async () => {
    const { bot } = await start()
    const id = idIn(await as(bot, 'U-alice', 'hubot deploy app to production'))
    expect(await as(bot, 'U-alice', `hubot break-glass ${id} site is down`)).toEqual([
      'alice: break glass is turned off here; an admin can turn it on with HUBOT_APPROVAL_BREAK_GLASS=true. Until then your request needs its approvals.'
    ])
    expect(runs(bot)).toEqual([])
  })

  test('needs the break-glass role and your own request; a reason is required', async () => {
    const { bot } = await start({ HUBOT_APPROVAL_BREAK_GLASS: 'true' })
    const alices = idIn(await as(bot, 'U-alice', 'hubot deploy app to production'))
    const bobs = idIn(await as(bot, 'U-bob', 'hubot deploy api to production'))
    expect(await as(bot, 'U-bob', `hubot break-glass ${bobs} urgent`)).toEqual([
      "bob: you need the 'break-glass' role to do that; ask an admin: \"hubot <you> has break-glass role\""
    ])
    expect(await as(bot, 'U-alice', `hubot break-glass ${bobs} urgent`)).toEqual([`alice: break glass only works on your own request; ${bobs} is bob's.`])
    expect(await as(bot, 'U-alice', `hubot break-glass ${alices}`)).toEqual([`alice: break glass needs a reason: "hubot break-glass ${alices} <why it can't wait>".`])
    expect(runs(bot)).toEqual([])
  })

  test('an admin without the break-glass role cannot break glass (the role middleware lets admins through; break glass does not)', async () => {
    const { bot } = await start({ HUBOT_APPROVAL_BREAK_GLASS: 'true', HUBOT_AUTH_ADMIN: 'U-admin' })
    const id = idIn(await as(bot, 'U-admin', 'hubot deploy app to production'))
    expect(await as(bot, 'U-admin', `hubot break-glass ${id} in a hurry`)).toEqual([
      'U-admin: break glass needs the \'break-glass\' role itself, admins included; an admin can grant it: "hubot <user> has break-glass role".'
    ])
    expect(runs(bot)).toEqual([])
    expect(decisions(bot)).toEqual(['requested'])
  })

  test('runs at once, loudly, flagged in the audit, and stays unreviewed until a group member reviews it', async () => {
    const { bot, clock } = await start({ HUBOT_APPROVAL_BREAK_GLASS: 'true' })
    const id = idIn(await as(bot, 'U-alice', 'hubot deploy hotfix to production'))
    const lines = await as(bot, 'U-alice', `hubot break-glass ${id} checkout is down`)
    expect(lines).toEqual([
      `BREAK GLASS: alice is running "deploy hotfix to production" (${id}) WITHOUT APPROVAL. Reason: checkout is down. Someone from 'deployers' must review it: "hubot review ${id}".`,
      'RAN deploy hotfix to production as U-alice in general'
    ])
    const flagged = bot.logs.audit().find(e => e.decision === 'break-glass')
    expect(flagged).toMatchObject({ request_id: id, break_glass: true, reason: 'checkout is down', actor_id: 'U-alice', approver_ids: [] })
    expect(await as(bot, 'U-bob', `hubot approve ${id}`)).toEqual([`bob: request ${id} was already approved and has run.`])
    expect(await as(bot, 'U-dave', 'hubot approvals unreviewed')).toEqual([
      `dave: 1 break-glass run(s) not reviewed yet:\n${id} alice: "deploy hotfix to production" at 12:00 UTC; reason: checkout is down; review by 'deployers'`
    ])
    clock.advance(3 * 86_400_000) // days later the list says which day it was
    expect((await as(bot, 'U-dave', 'hubot approvals unreviewed'))[0]).toContain('at 2026-11-25 12:00 UTC; reason: checkout is down')
    expect(await as(bot, 'U-alice', `hubot review ${id}`)).toEqual([`alice: you can't review your own break-glass ${id}; someone else from 'deployers' has to.`])
    expect(await as(bot, 'U-dave', `hubot review ${id}`)).toEqual([`dave: only people with the 'deployers' role can review ${id}.`])
    expect(await as(bot, 'U-bob', `hubot review ${id}`)).toEqual([`bob: bob reviewed break-glass ${id} ("deploy hotfix to production" by alice); it is off the unreviewed list.`])
    expect(await as(bot, 'U-carol', `hubot review ${id}`)).toEqual([`carol: ${id} was already reviewed by bob.`])
    expect(await as(bot, 'U-dave', 'hubot approvals unreviewed')).toEqual(['dave: no break-glass runs are waiting for review.'])
    expect(runs(bot)).toHaveLength(1)
    expect(decisions(bot)).toEqual(['requested', 'break-glass', 'executed', 'reviewed'])
  })

  test('a store that cannot keep the review entry does not silence the run: the room is told loudly and the audit is flagged', async () => {
    class NoReviewListStore extends MemoryStore {
      async set (key: string, value: unknown, options?: { ttlMs?: number }): Promise<void> {
        if (key.startsWith('approval:unreviewed:')) throw new Error('store full')
        await super.set(key, value, options)
      }
    }
    const clock = new ManualClock()
    const bot = await approvalBot({ clock, store: new NoReviewListStore({ clock }), env: { HUBOT_APPROVAL_BREAK_GLASS: 'true' } })
    bots.push(bot)
    const id = idIn(await as(bot, 'U-alice', 'hubot deploy hotfix to production'))
    const lines = await as(bot, 'U-alice', `hubot break-glass ${id} checkout is down`)
    expect(lines).toEqual([expect.stringContaining(`BREAK GLASS: alice is running "deploy hotfix to production" (${id}) WITHOUT APPROVAL.`), 'RAN deploy hotfix to production as U-alice in general'])
    expect(decisions(bot)).toEqual(['requested', 'break-glass', 'executed'])
    expect(bot.logs.audit().filter(e => e.request_id === id && e.break_glass === true).map(e => e.decision)).toEqual(['break-glass', 'executed'])
    expect(bot.logs.lines.some(l => l.request_id === id && l.level === 50)).toBe(true)
  })

  test('review of a request that did not break glass', async () => {
    const { bot } = await start({ HUBOT_APPROVAL_BREAK_GLASS: 'true' })
    const id = idIn(await as(bot, 'U-alice', 'hubot deploy app to production'))
    expect(await as(bot, 'U-bob', `hubot review ${id}`)).toEqual([`bob: ${id} didn't break glass; there is nothing to review.`])
  })
})

describe('audit [n]', () => {
  test('admins and auditors read the trail; others are refused', async () => {
    const { bot } = await start({ HUBOT_AUTH_ADMIN: 'U-admin' })
    const id = idIn(await as(bot, 'U-alice', 'hubot deploy app to production'))
    await as(bot, 'U-bob', `hubot approve ${id}`)
    expect(await as(bot, 'U-dave', 'hubot audit')).toEqual(["dave: you need the 'auditor' role to do that; ask an admin: \"hubot <you> has auditor role\""])
    // The audit middleware records the `audit` command itself before it runs.
    expect(await as(bot, 'U-erin', 'hubot audit 3')).toEqual([
      'erin: last 3 audit event(s), oldest first:\n' +
      `2026-11-25 12:00 approval.approved: ${id} "deploy app to production" by bob (U-bob)\n` +
      `2026-11-25 12:00 approval.executed: ${id} "deploy app to production" by bob (U-bob)\n` +
      '2026-11-25 12:00 command: "hubot audit 3" by erin (U-erin)'
    ])
    const [admin] = await as(bot, 'U-admin', 'hubot audit')
    expect(admin).toContain(`approval.requested: ${id} "deploy app to production" by alice (U-alice)`)
    expect(admin).toContain('command: "hubot audit" by U-admin')
  })
})

describe('the approval commands themselves', () => {
  test('are never held, even by a catch-all rule', async () => {
    const { bot } = await start({ HUBOT_APPROVAL_RULES: '{"*": {"group": "deployers"}}' })
    const held = await as(bot, 'U-alice', 'hubot restart api')
    const id = idIn(held)
    await as(bot, 'U-bob', `hubot approve ${id}`)
    expect(runs(bot)).toEqual(['RAN restart api'])
  })

  test('help shows each fixture command\'s effective policy', async () => {
    const { bot } = await start({ HUBOT_APPROVAL_RULES: '{"ops.restart": {"group": "ops", "quorum": 2}}' })
    const [help] = await as(bot, 'U-dave', 'hubot help')
    expect(help).toContain("hubot migrate <db> - needs 2 approvals from 'dba' [needs 2 approvals from 'dba']")
    expect(help).toContain("hubot restart <svc> - no approval by default (rules can add one) [needs 2 approvals from 'ops']")
    expect(help).toContain('[may need approval]')
    expect(help).toContain('hubot break-glass <id> <reason> - run your own request now without approval [role: break-glass]')
  })
})
