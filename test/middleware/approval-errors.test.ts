// A request that keeps changing under a decision (another process acting on it at every
// try) is said in chat with what to do, not as "something went wrong". (No free request id
// is covered in approval-store.test.ts.)
import { afterEach, expect, test } from '@jest/globals'
import type { TestBot } from '../helpers/bot.ts'
import { MemoryStore, type WriteOptions } from '../../src/store/index.ts'
import { ManualClock, approvalBot, as, idIn } from './approval-harness.ts'

let bot: TestBot | undefined
afterEach(async () => { await bot?.stop(); bot = undefined })

// Another process changes every request between our read and our write.
class AlwaysChanged extends MemoryStore {
  override async compareAndSet (key: string, expected: unknown, next: unknown, options?: WriteOptions): Promise<boolean> {
    return key.startsWith('approval:req:') ? false : await super.compareAndSet(key, expected, next, options)
  }
}

test('a request that keeps changing under an approval: the approver hears it and is told to look again', async () => {
  const clock = new ManualClock()
  bot = await approvalBot({ clock, store: new AlwaysChanged({ clock }) })
  const id = idIn(await as(bot, 'U-alice', 'hubot deploy app to production'))
  const replies = await as(bot, 'U-bob', `hubot approve ${id}`)
  expect(replies).toEqual([`bob: request ${id} kept changing while I tried to update it (someone else is acting on it right now); nothing was done. Check its state and try again.`])
  expect(bot.logs.lines.filter(l => Number(l.level) >= 50)).toEqual([])
})
