// Exactly once: restart between request and approval, two robots on one store (memory
// and real Redis) approving at the same moment, the Slack button racing the typed
// command, and the button path taking the clicker's identity from the payload.
import { afterEach, describe, expect, test } from '@jest/globals'
import type { TestBot } from '../helpers/bot.ts'
import { redisUrlOrSkip, uniquePrefix } from '../helpers/requirements.ts'
import { cleanUp, redisClient } from '../helpers/redis.ts'
import { MemoryStore, RedisStore, type SharedStore } from '../../src/store/index.ts'
import { sweepExpired, type ChatInteraction } from '../../src/approval/index.ts'
import { routeInteraction } from '../../src/adapters/slack/interactions.ts'
import { ManualClock, approvalBot, as, decisions, idIn, runs } from './approval-harness.ts'

const bots: TestBot[] = []
const prefixes: string[] = []
const redisUrl = await redisUrlOrSkip()
afterEach(async () => {
  for (const b of bots.splice(0)) await b.stop()
  if (redisUrl != null) for (const p of prefixes.splice(0)) await cleanUp(redisUrl, p)
})

/** Counts compare-and-set conflicts, to show that a race really happened. */
class CountingStore extends MemoryStore {
  conflicts = 0
  async compareAndSet (key: string, expected: unknown, next: unknown, options?: { ttlMs?: number }): Promise<boolean> {
    const won = await super.compareAndSet(key, expected, next, options)
    if (!won) this.conflicts++
    return won
  }
}

/**
 * A guaranteed race: while armed, reads of a request are held in pairs and released
 * together, so two deciders read the same version (both the lookup and the read before
 * the compare-and-set). Wraps any store, memory or Redis; counts lost compare-and-sets.
 */
class Gate {
  rounds = 0
  conflicts = 0
  private waiting: Array<() => void> = []

  private async pass (key: string): Promise<void> {
    if (this.rounds === 0 || !key.startsWith('approval:req:')) return
    await new Promise<void>(resolve => {
      this.waiting.push(resolve)
      if (this.waiting.length === 2) { this.rounds--; for (const r of this.waiting.splice(0)) r() }
    })
  }

  wrap (store: SharedStore): SharedStore {
    return new Proxy(store, {
      get: (target, prop) => {
        if (prop === 'get') return async (key: string) => { await this.pass(key); return await target.get(key) }
        if (prop === 'compareAndSet') {
          return async (...args: Parameters<SharedStore['compareAndSet']>) => {
            const won = await target.compareAndSet(...args)
            if (!won) this.conflicts++
            return won
          }
        }
        const value = Reflect.get(target, prop, target) as unknown
        return typeof value === 'function' ? value.bind(target) : value
      }
    })
  }
}

async function pair (storeA: SharedStore, storeB: SharedStore, clock: ManualClock): Promise<[TestBot, TestBot]> {
  const a = await approvalBot({ clock, store: storeA })
  const b = await approvalBot({ clock, store: storeB })
  bots.push(a, b)
  return [a, b]
}

async function click (bot: TestBot, event: ChatInteraction): Promise<void> {
  bot.robot.emit('chat.interaction', event)
  await bot.context.work.idle()
}

describe('restart', () => {
  test('a request survives a restart; the new robot runs it with the stored match, as the requester, in the original room', async () => {
    const clock = new ManualClock()
    const store = new MemoryStore({ clock })
    const first = await approvalBot({ clock, store })
    const id = idIn(await as(first, 'U-alice', 'hubot deploy v2.3 to production', 'deploys'))
    await first.stop()
    const second = await approvalBot({ clock, store })
    bots.push(second)
    await as(second, 'U-bob', `hubot approve ${id}`, 'deploys')
    expect(runs(second)).toEqual(['RAN deploy v2.3 to production as U-alice in deploys'])
    expect(decisions(second)).toEqual(['approved', 'executed'])
  })

  test('after a restart without that listener, the room is told and the request is marked failed', async () => {
    const clock = new ManualClock()
    const store = new MemoryStore({ clock })
    const first = await approvalBot({ clock, store })
    const id = idIn(await as(first, 'U-alice', 'hubot deploy v2.3 to production'))
    await first.stop()
    const second = await approvalBot({ clock, store, fixture: false })
    bots.push(second)
    const lines = await as(second, 'U-bob', `hubot approve ${id}`)
    expect(lines[1]).toBe(`I can't run request ${id} ("deploy v2.3 to production"): the command 'deploy.run' no longer exists in this bot. Check "hubot help" and ask again.`)
    expect(runs(second)).toEqual([])
    expect(decisions(second)).toEqual(['approved', 'failed'])
  })
})

describe('two robots on one memory store', () => {
  test('two approvers on two robots at the same moment (quorum 1): it runs once', async () => {
    const clock = new ManualClock()
    const store = new CountingStore({ clock })
    const [a, b] = await pair(store, store, clock)
    const id = idIn(await as(a, 'U-alice', 'hubot deploy app to production'))
    await Promise.all([as(a, 'U-bob', `hubot approve ${id}`), as(b, 'U-carol', `hubot approve ${id}`)])
    expect([...runs(a), ...runs(b)]).toEqual(['RAN deploy app to production as U-alice in general'])
    expect(store.conflicts).toBeGreaterThan(0)
    expect([...decisions(a), ...decisions(b)].filter(d => d === 'executed')).toHaveLength(1)
  })

  test('quorum 2 reached by two robots at once: both approvals count, it runs once', async () => {
    const clock = new ManualClock()
    const store = new CountingStore({ clock })
    const [a, b] = await pair(store, store, clock)
    const id = idIn(await as(a, 'U-alice', 'hubot migrate orders'))
    await Promise.all([as(a, 'U-bob', `hubot approve ${id}`), as(b, 'U-carol', `hubot approve ${id}`)])
    expect([...runs(a), ...runs(b)]).toEqual(['RAN migrate orders as U-alice'])
    const executed = [...a.logs.audit(), ...b.logs.audit()].filter(e => e.decision === 'executed')
    expect(executed).toHaveLength(1)
    expect([...(executed[0].approver_ids as string[])].sort()).toEqual(['U-bob', 'U-carol'])
  })

  test('two sweepers: the requester is told once', async () => {
    const clock = new ManualClock()
    const store = new MemoryStore({ clock })
    const [a, b] = await pair(store, store, clock)
    const id = idIn(await as(a, 'U-alice', 'hubot deploy app to production'))
    clock.advance(16 * 60_000)
    const [fromA, fromB] = await Promise.all([sweepExpired(a.robot), sweepExpired(b.robot)])
    expect([...fromA, ...fromB]).toEqual([id])
    expect([...a.said(), ...b.said()].filter(s => s.includes('expired without approval'))).toHaveLength(1)
  })
})

const maybeRedis = redisUrl == null ? describe.skip : describe
maybeRedis('two robots on one real Redis', () => {
  test('approving at the same moment on two processes: executed once', async () => {
    const prefix = uniquePrefix('approval-race')
    prefixes.push(prefix)
    const clock = new ManualClock(Date.now())
    const gate = new Gate()
    const [a, b] = await pair(gate.wrap(new RedisStore(redisClient(redisUrl!, 'approval-a'), prefix)), gate.wrap(new RedisStore(redisClient(redisUrl!, 'approval-b'), prefix)), clock)
    for (let round = 0; round < 5; round++) {
      const id = idIn(await as(a, 'U-alice', `hubot deploy r${round} to production`))
      gate.rounds = 2
      await Promise.all([as(a, 'U-bob', `hubot approve ${id}`), as(b, 'U-carol', `hubot approve ${id}`)])
      expect(gate.conflicts).toBe(round + 1) // Redis refused exactly one of the two claims
    }
    const all = [...runs(a), ...runs(b)].sort()
    expect(all).toEqual([0, 1, 2, 3, 4].map(r => `RAN deploy r${r} to production as U-alice in general`))
    expect([...decisions(a), ...decisions(b)].filter(d => d === 'executed')).toHaveLength(5)
  })

  test('two sweepers on two processes reading the same overdue request: the requester is told once', async () => {
    const prefix = uniquePrefix('approval-sweep')
    prefixes.push(prefix)
    const clock = new ManualClock(Date.now())
    const gate = new Gate()
    const [a, b] = await pair(gate.wrap(new RedisStore(redisClient(redisUrl!, 'sweep-a'), prefix)), gate.wrap(new RedisStore(redisClient(redisUrl!, 'sweep-b'), prefix)), clock)
    const id = idIn(await as(a, 'U-alice', 'hubot deploy app to production'))
    clock.advance(16 * 60_000)
    gate.rounds = 2 // the listing read and the read before the compare-and-set, both in step
    const [fromA, fromB] = await Promise.all([sweepExpired(a.robot), sweepExpired(b.robot)])
    expect([...fromA, ...fromB]).toEqual([id])
    expect(gate.conflicts).toBe(1)
    expect([...a.said(), ...b.said()].filter(s => s.includes('expired without approval'))).toHaveLength(1)
    expect([...decisions(a), ...decisions(b)].filter(d => d === 'expired')).toHaveLength(1)
  })
})

describe('Slack buttons', () => {
  test('the clicker identity comes from the payload: the requester cannot approve by button, a teammate can', async () => {
    const clock = new ManualClock()
    const bot = await approvalBot({ clock })
    bots.push(bot)
    const updates: unknown[][] = []
    ;(bot.adapter as unknown as { update: (...a: unknown[]) => Promise<void> }).update = async (...args) => { updates.push(args) }
    const id = idIn(await as(bot, 'U-alice', 'hubot deploy app to production'))
    await click(bot, { user: { id: 'U-alice', name: 'alice' }, actionId: 'approval.approve', value: id, room: 'general', messageTs: '171.1' })
    expect(bot.said().at(-1)).toBe(`alice: you can't approve your own request ${id}; someone else from 'deployers' has to.`)
    expect(updates).toEqual([])
    await click(bot, { user: { id: 'U-bob', name: 'bob' }, actionId: 'approval.approve', value: id, room: 'general', messageTs: '171.1' })
    expect(runs(bot)).toEqual(['RAN deploy app to production as U-alice in general'])
    expect(bot.logs.audit().find(e => e.decision === 'approved')).toMatchObject({ actor_id: 'U-bob', request_id: id })
    expect(updates).toEqual([['general', '171.1', `Request ${id} ("deploy app to production" by alice): executed.`]])
  })

  test('through the Slack adapter\'s router: a block_actions payload approves as payload.user.id', async () => {
    const clock = new ManualClock()
    const bot = await approvalBot({ clock })
    bots.push(bot)
    const id = idIn(await as(bot, 'U-alice', 'hubot deploy app to production', 'C0DEPLOYS'))
    // Field names as in Slack's block_actions payload reference; a spoofed name does not matter.
    const payload = {
      type: 'block_actions',
      user: { id: 'U-bob', username: 'alice', name: 'alice' },
      channel: { id: 'C0DEPLOYS', name: 'deploys' },
      container: { type: 'message', message_ts: '1700000000.000200', channel_id: 'C0DEPLOYS', is_ephemeral: false },
      message: { type: 'message', ts: '1700000000.000200', text: 'alice wants to run ...' },
      actions: [{ type: 'button', action_id: 'approval.approve', block_id: `approval:${id}`, value: id, action_ts: '1700000001.000300' }]
    }
    expect(routeInteraction(bot.robot, payload, bot.context.log)).toBe(1)
    await bot.context.work.idle()
    expect(runs(bot)).toEqual(['RAN deploy app to production as U-alice in C0DEPLOYS'])
    expect(bot.logs.audit().find(e => e.decision === 'approved')).toMatchObject({ actor_id: 'U-bob' })
  })

  test('a click without a channel is answered in the request\'s room', async () => {
    const clock = new ManualClock()
    const bot = await approvalBot({ clock })
    bots.push(bot)
    const id = idIn(await as(bot, 'U-alice', 'hubot deploy app to production', 'deploys'))
    await click(bot, { user: { id: 'U-dave', name: 'dave' }, actionId: 'approval.approve', value: id })
    expect(bot.adapter.said.at(-1)).toMatchObject({ room: 'deploys', text: `dave: only people with the 'deployers' role can approve ${id}; ask an admin if you should have it.` })
  })

  test('the deny button denies as the clicker', async () => {
    const clock = new ManualClock()
    const bot = await approvalBot({ clock })
    bots.push(bot)
    const id = idIn(await as(bot, 'U-alice', 'hubot deploy app to production'))
    await click(bot, { user: { id: 'U-carol', name: 'carol' }, actionId: 'approval.deny', value: id, room: 'general' })
    expect(bot.said().at(-1)).toBe(`carol denied ${id} ("deploy app to production" by alice). It will not run.`)
    expect(runs(bot)).toEqual([])
    expect(decisions(bot)).toEqual(['requested', 'denied'])
  })

  test('button and typed command racing: runs once', async () => {
    const clock = new ManualClock()
    const gate = new Gate()
    const bot = await approvalBot({ clock, store: gate.wrap(new MemoryStore({ clock })) })
    bots.push(bot)
    const id = idIn(await as(bot, 'U-alice', 'hubot deploy app to production'))
    gate.rounds = 2
    const typed = as(bot, 'U-carol', `hubot approve ${id}`)
    bot.robot.emit('chat.interaction', { user: { id: 'U-bob', name: 'bob' }, actionId: 'approval.approve', value: id, room: 'general' })
    await typed
    await bot.context.work.idle()
    expect(runs(bot)).toEqual(['RAN deploy app to production as U-alice in general'])
    expect(decisions(bot).filter(d => d === 'executed')).toHaveLength(1)
    expect(decisions(bot).filter(d => d === 'approved')).toHaveLength(1)
    expect(gate.conflicts).toBe(1) // both really read the pending request; one write lost
  })
})
