// Stock hubot 14, importing nothing of ours (so its process loads and holds only hubot),
// driven through the same CountingAdapter as ours.
import hubot, { type Robot } from 'hubot'
import { CountingAdapter, textMessage, type Side } from './adapter.ts'

const { Robot: RobotClass } = hubot as unknown as { Robot: new (...args: ConstructorParameters<typeof Robot>) => Robot }

/**
 * Stock hubot 14 with `listeners` listeners in all (at least the fixed ones): the
 * caller's own (`extra`) first, then ones answering help and the role command with a
 * fixed line, trivial ones matching nothing the benchmark says, and a catch-all that
 * answers lines addressed to the bot.
 */
export async function startStock (listeners: number, extra: (robot: Robot) => void = () => {}): Promise<Side> {
  // Its pino logger writes to stdout, which the benchmark's children discard.
  process.env.HUBOT_LOG_LEVEL = 'info'
  let adapter!: CountingAdapter
  const robot = new RobotClass({ use: (r: Robot) => { adapter = new CountingAdapter(r); return adapter } }, false, 'hubot', false)
  await robot.loadAdapter()
  extra(robot)
  const answers: Array<[RegExp, string]> = [
    [/help(?:\s+(.+))?$/i, 'hubot help - every command'],
    [/what roles do I have$/i, 'You have no roles.']
  ]
  for (const [regex, text] of answers) robot.respond(regex, async (res) => { await res.send(text) })
  for (let i = robot.listeners.length; i < listeners - 1; i++) robot.respond(new RegExp(`trivial command ${i}$`, 'i'), async (res) => { await res.send(`trivial ${i}`) })
  const addressed = robot.respondPattern(/(.+)/i)
  robot.catchAll(async (res) => {
    const original = (res.message as unknown as { message?: unknown }).message
    if (original instanceof hubot.TextMessage && addressed.test(original.text)) await res.send('I don\'t know that one.')
  })
  await adapter.run()
  return {
    robot,
    adapter,
    say: async (userId, text) => { await robot.receive(textMessage(robot, userId, text)) },
    stop: async () => { robot.shutdown() }
  }
}
