// The stored side of approvals: id alphabet, ids never reused while the trail holds them,
// retention of records, and the sweeper timer.
import { afterEach, describe, expect, test } from '@jest/globals'
import type { TestBot } from '../helpers/bot.ts'
import { MemoryStore } from '../../src/store/index.ts'
import { ID_ALPHABET, newShortId, parseShortId } from '../../src/core/ids.ts'
import { RECORD_RETENTION_MS, USED_ID_PREFIX } from '../../src/approval/request.ts'
import { startSweeper } from '../../src/approval/index.ts'
import { ManualClock, approvalBot, as, decisions, idIn } from './approval-harness.ts'

const bots: TestBot[] = []
afterEach(async () => { for (const b of bots.splice(0)) await b.stop() })

describe('request ids', () => {
  test('6 characters from an alphabet without look-alikes', () => {
    for (const c of 'O0I1L') expect(ID_ALPHABET).not.toContain(c)
    expect(ID_ALPHABET).toHaveLength(31)
    for (let i = 0; i < 200; i++) expect(newShortId()).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{6}$/)
  })

  test('accepted in any case; anything else is not an id', () => {
    expect(parseShortId(' k7m2qx ')).toBe('K7M2QX')
    expect(parseShortId('K7M2Q')).toBeNull()
    expect(parseShortId('K7M2Q0')).toBeNull()
    expect(parseShortId('K7M2QXX')).toBeNull()
  })
})

describe('id reservation', () => {
  /** A store where the first `taken` ids tried are already reserved (used before). */
  class ReservedIdsStore extends MemoryStore {
    refused: string[] = []
    constructor (clock: ManualClock, private taken: number) { super({ clock }) }
    async setIfAbsent (key: string, value: unknown, options?: { ttlMs?: number }): Promise<boolean> {
      if (key.startsWith(USED_ID_PREFIX) && this.refused.length < this.taken) { this.refused.push(key.slice(USED_ID_PREFIX.length)); return false }
      return await super.setIfAbsent(key, value, options)
    }
  }

  test('an id reserved by an earlier request is never handed out again', async () => {
    const clock = new ManualClock()
    const store = new ReservedIdsStore(clock, 3)
    const bot = await approvalBot({ clock, store })
    bots.push(bot)
    const id = idIn(await as(bot, 'U-alice', 'hubot deploy app to production'))
    expect(store.refused).toHaveLength(3)
    expect(store.refused).not.toContain(id)
    expect(await store.get(`${USED_ID_PREFIX}${id}`)).not.toBeNull()
  })

  test('when no free id is found the command is denied (fail closed), never run', async () => {
    const clock = new ManualClock()
    const bot = await approvalBot({ clock, store: new ReservedIdsStore(clock, 1000) })
    bots.push(bot)
    expect(await as(bot, 'U-alice', 'hubot deploy app to production')).toEqual(["alice: I couldn't store an approval request (no free request id after 20 tries), so nobody was asked and the command did not run. Try again; if it keeps happening, tell the bot's admins."])
    expect(decisions(bot)).toEqual([])
    expect(bot.said().filter(s => s.startsWith('RAN'))).toEqual([])
  })
})

describe('retention', () => {
  test('a request stays readable for 7 days after it expires; its id stays reserved much longer', async () => {
    const clock = new ManualClock()
    const bot = await approvalBot({ clock })
    bots.push(bot)
    const id = idIn(await as(bot, 'U-alice', 'hubot deploy app to production'))
    clock.advance(15 * 60_000 + RECORD_RETENTION_MS - 60_000)
    expect((await as(bot, 'U-dave', `hubot approval ${id}`))[0]).toContain(`Request ${id}: pending`)
    clock.advance(2 * 60_000)
    expect((await as(bot, 'U-dave', `hubot approval ${id}`))[0]).toContain(`I don't know request ${id}`)
    expect(await bot.context.store.get(`${USED_ID_PREFIX}${id}`)).not.toBeNull()
  })
})

describe('sweeper timer', () => {
  test('the timer expires overdue requests and stops itself once the bot stops', async () => {
    const clock = new ManualClock()
    const bot = await approvalBot({ clock })
    const id = idIn(await as(bot, 'U-alice', 'hubot deploy app to production'))
    clock.advance(16 * 60_000)
    const stopTimer = startSweeper(bot.robot, 5)
    for (let i = 0; i < 100 && !decisions(bot).includes('expired'); i++) await new Promise(resolve => setTimeout(resolve, 5))
    stopTimer()
    expect(decisions(bot)).toEqual(['requested', 'expired'])
    expect(bot.said().at(-1)).toContain(`your request ${id} ("deploy app to production") expired without approval`)
    // A timer still running when the bot stops must not touch it: an overdue request stays.
    idIn(await as(bot, 'U-alice', 'hubot deploy other to production'))
    clock.advance(16 * 60_000)
    startSweeper(bot.robot, 5)
    await bot.stop()
    await new Promise(resolve => setTimeout(resolve, 30))
    expect(decisions(bot)).toEqual(['requested', 'expired', 'requested'])
  })
})
