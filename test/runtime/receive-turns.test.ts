// Lines handed over together are dispatched one per event-loop turn, in order, so a burst
// does not hold the loop; a line on its own, and two robots' lines, go on at once.
import { afterEach, expect, test } from '@jest/globals'
import hubot from 'hubot'
import { createTurns } from '../../src/core/turns.ts'
import { startTestBot, type TestBot } from '../helpers/bot.ts'

let bot: TestBot | undefined
afterEach(async () => { await bot?.stop(); bot = undefined })

test('lines received in one go run in order, with the event loop turning between them', async () => {
  bot = await startTestBot({ scripts: [] })
  const seen: string[] = []
  bot.robot.hear(/^line \d$/, (res) => { seen.push(res.message.text ?? '') })
  const user = bot.robot.brain.userForId('alice', { name: 'alice', room: 'general' })
  const lines = ['line 1', 'line 2', 'line 3'].map((text, i) => bot!.robot.receive(new hubot.TextMessage(user, text, `m${i}`)))
  // Scheduled after the lines arrived: it runs before the last of them is heard.
  setImmediate(() => { seen.push('a timer turn') })
  await Promise.all(lines)
  expect(seen).toEqual(['line 1', 'line 2', 'a timer turn', 'line 3'])
})

test('a line on its own is heard without waiting for a turn', async () => {
  bot = await startTestBot({ scripts: [] })
  const seen: string[] = []
  bot.robot.hear(/alone/, () => { seen.push('heard') })
  setImmediate(() => { seen.push('a timer turn') })
  await bot.say('alice', 'alone')
  expect(seen[0]).toBe('heard')
})

test("'tick': only what arrives in one synchronous run waits; 'turn': what arrives before the loop turns waits too", async () => {
  const order: string[] = []
  const run = async (together: 'tick' | 'turn'): Promise<void> => {
    const turn = createTurns(together)
    order.push(`${together} first ${String(turn() === true)}`)
    await Promise.resolve()
    order.push(`${together} after a microtask ${String(turn() === true)}`)
    await new Promise(resolve => setImmediate(resolve))
    await new Promise(resolve => setImmediate(resolve))
    order.push(`${together} after the loop turned ${String(turn() === true)}`)
  }
  await run('tick')
  await run('turn')
  expect(order).toEqual([
    'tick first true', 'tick after a microtask true', 'tick after the loop turned true',
    'turn first true', 'turn after a microtask false', 'turn after the loop turned true'
  ])
})
