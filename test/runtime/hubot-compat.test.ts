// The hubot 14 patches of src/runtime/hubot-compat.ts, each through a real robot.
import { afterEach, expect, test } from '@jest/globals'
import { startTestBot, type TestBot } from '../helpers/bot.ts'

let bot: TestBot | undefined
afterEach(async () => { await bot?.stop(); bot = undefined })

test('without an HTTP server, a script that registers a route loads and the route is refused with a warning', async () => {
  bot = await startTestBot({ httpd: false })
  expect(() => bot!.robot.router.get('/hook', () => undefined)).not.toThrow()
  expect(bot.logs.lines.filter(l => String(l.msg).includes('HTTP server is disabled'))).toMatchObject([{ level: 40 }])
})

test("hubot's short form (no options) still registers; its throw reaches the sink once, without a listener id", async () => {
  bot = await startTestBot()
  bot.robot.respond(/short form$/i, async () => { throw new Error('short form exploded') })
  const [reply] = await bot.say('alice', 'hubot short form')
  expect(reply).toMatch(/^alice: something went wrong \(reference [0-9a-f]{8}\)/)
  const lines = bot.logs.lines.filter(l => JSON.stringify(l).includes('short form exploded'))
  expect(lines).toMatchObject([{ level: 50, listener_id: null, msg: 'unexpected error' }])
})

test("a catchAll listener is guarded too: one line with its id, never hubot's own", async () => {
  bot = await startTestBot({ scripts: [] })
  bot.robot.catchAll({ id: 'test.catch-all' }, async () => { throw new Error('catch-all exploded') })
  await bot.say('alice', 'nobody listens to this line')
  const lines = bot.logs.lines.filter(l => JSON.stringify(l).includes('catch-all exploded'))
  expect(lines).toMatchObject([{ level: 50, listener_id: 'test.catch-all' }])
})

test('reserved ids never become brain users; the brain keeps working for everyone else', async () => {
  bot = await startTestBot()
  expect(() => bot!.robot.brain.userForId('__proto__', { name: 'x' })).toThrow('every JavaScript object already has that name')
  expect(bot.robot.brain.userForName('constructor')).toBeNull()
  expect(bot.robot.brain.userForId('U1', { name: 'alice' }).name).toBe('alice')
  expect(bot.robot.brain.userForName('ALICE')?.id).toBe('U1')
})
