// One scripted chat session shared by the observability tests: a command run at once, a
// held command approved and run, one denied, one that throws after approval, a refusal,
// and a message with a planted secret. Each step is a kind of log line or metric.
import { approvalBot, as as say, idIn, ManualClock } from '../middleware/approval-harness.ts'
import type { TestBot } from '../helpers/bot.ts'

export const PLANTED = 'xoxb-1111-2222-plantedsecretvalue'
/** Every chat line the session says, for tests that look for user text where none belongs. */
export const SAID: string[] = []

export async function scriptedSession (env: Record<string, string> = {}, options: { httpd?: boolean } = {}): Promise<{ bot: TestBot, clock: ManualClock }> {
  const clock = new ManualClock()
  const bot = await approvalBot({ env: { HUBOT_NAME: 'hubot', ...env }, clock, httpd: options.httpd })
  await as(bot, 'U-dave', 'hubot restart web')
  const held = idIn(await as(bot, 'U-alice', 'hubot deploy app to production'))
  clock.advance(90_000)
  await as(bot, 'U-bob', `hubot approve ${held}`)
  const denied = idIn(await as(bot, 'U-carol', 'hubot deploy api to production'))
  await as(bot, 'U-bob', `hubot deny ${denied} not today`)
  const boom = idIn(await as(bot, 'U-alice', 'hubot explode'))
  await as(bot, 'U-bob', `hubot approve ${boom}`)
  await as(bot, 'U-dave', `hubot break-glass ${boom} ${PLANTED}`)
  await as(bot, 'U-dave', 'hubot audit')
  return { bot, clock }
}

async function as (bot: TestBot, user: string, text: string): Promise<string[]> {
  SAID.push(text)
  return await say(bot, user, text)
}
