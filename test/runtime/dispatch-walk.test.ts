// The listener and middleware walks that replace hubot's `for await` ones keep hubot's
// rules: registration order, a finished message stops the walk, an error in a matcher or
// a middleware is emitted (a throwing middleware stops its chain), and the catch-all
// hears only what no listener ran for.
import { afterEach, expect, test } from '@jest/globals'
import { startTestBot, type TestBot } from '../helpers/bot.ts'

let bot: TestBot | undefined
afterEach(async () => { await bot?.stop(); bot = undefined })

const errorsOf = (b: TestBot): string[] => {
  const seen: string[] = []
  b.robot.on('error', (err: Error) => { seen.push(err.message) })
  return seen
}

test('every matching listener runs, in order, each awaited before the next; the catch-all stays quiet', async () => {
  bot = await startTestBot({ scripts: [] })
  const ran: string[] = []
  bot.robot.hear(/order/, async () => { await new Promise(resolve => setImmediate(resolve)); ran.push('first') })
  bot.robot.hear(/nothing like this/, () => { ran.push('never') })
  bot.robot.hear(/order/, () => { ran.push('second') })
  bot.robot.catchAll(() => { ran.push('catch-all') })
  await bot.say('alice', 'in order')
  expect(ran).toEqual(['first', 'second'])
})

test('a listener that finishes the message stops the walk', async () => {
  bot = await startTestBot({ scripts: [] })
  const ran: string[] = []
  bot.robot.hear(/stop/, (res) => { ran.push('first'); res.message.finish() })
  bot.robot.hear(/stop/, () => { ran.push('second') })
  await bot.say('alice', 'stop here')
  expect(ran).toEqual(['first'])
})

test('a throwing matcher is emitted as an error and the walk goes on; with no listener run, the catch-all hears the line', async () => {
  bot = await startTestBot({ scripts: [] })
  const errors = errorsOf(bot)
  const heard: string[] = []
  bot.robot.listen((message) => { if ('text' in message) throw new Error('matcher exploded') }, {}, () => { heard.push('never') })
  bot.robot.catchAll((res) => { heard.push(String((res.message as unknown as { message: { text: string } }).message.text)) })
  await bot.say('alice', 'anything')
  expect(errors).toEqual(['matcher exploded'])
  expect(heard).toEqual(['anything'])
})

test('receive middleware: false stops the line; a throw is emitted and stops the chain, and the line goes on as hubot lets it', async () => {
  bot = await startTestBot({ scripts: [] })
  const errors = errorsOf(bot)
  const heard: string[] = []
  bot.robot.hear(/./, (res) => { heard.push(res.message.text ?? '') })
  bot.robot.receiveMiddleware((context) => !String((context.response.message as { text?: string }).text).includes('drop'))
  bot.robot.receiveMiddleware((context) => {
    if (String((context.response.message as { text?: string }).text).includes('boom')) throw new Error('middleware exploded')
    return true
  })
  let after = 0
  bot.robot.receiveMiddleware((_context) => { after++; return true })
  await bot.say('alice', 'drop this')
  await bot.say('alice', 'boom')
  await bot.say('alice', 'keep this')
  expect(heard).toEqual(['boom', 'keep this'])
  expect(errors).toEqual(['middleware exploded'])
  expect(after).toBe(1)
})

test('response middleware still sees and can stop what the bot says', async () => {
  bot = await startTestBot({ scripts: [] })
  bot.robot.responseMiddleware(async (context) => !context.strings.some(s => String(s).includes('secret')))
  bot.robot.hear(/say (.+)/, async (res) => { await res.send(res.match[1]) })
  expect(await bot.say('alice', 'say hello')).toEqual(['hello'])
  expect(await bot.say('alice', 'say secret')).toEqual([])
})

test("hubot's debug line for a matched listener names it by id, without formatting its policy and functions", async () => {
  bot = await startTestBot({ scripts: [] })
  bot.robot.respond(/guarded$/i, { id: 'test.guarded', roles: ['deployers'], precheck: () => undefined }, async (res) => { await res.send('ran') })
  await bot.say('alice', 'hubot guarded')
  const matched = bot.logs.lines.filter(l => String(l.msg).includes('matched regex'))
  expect(matched).toMatchObject([{ level: 20, msg: expect.stringContaining('listener.options = { id: "test.guarded" }') }])
})
