// Our bot with its HTTP server, for the webhook benchmark: reports its port, keeps
// `inFlight` chat commands running against the (slow) PagerDuty fake until the parent
// says stop, then reports how many were answered.
import { startOurs } from '../lib/ours.ts'
import { textMessage } from '../lib/adapter.ts'
import { fromParent, report } from '../lib/child.ts'
import { GITHUB_SECRET } from '../lib/github-deliveries.ts'
import type { FakesReport } from './fakes.ts'

export interface WebhookBotReady { port: number }
export interface WebhookBotReport { chatAnswered: number, replies: number }

const inFlight = Number(process.argv[2] ?? 0)
const fakes = JSON.parse(process.env.BENCH_FAKES ?? '{}') as FakesReport
const bot = await startOurs({
  httpd: true,
  env: { ...fakes.env, HUBOT_GITHUB_WEBHOOK_SECRET: GITHUB_SECRET, HUBOT_GITHUB_ROOMS: JSON.stringify({ '*': 'github' }) }
})

const state = { stopping: false }
let answered = 0
// Each lane waits for its own command (hubot's receive resolves once the listener has
// answered), so exactly `inFlight` are running at any time.
async function lane (i: number): Promise<void> {
  while (!state.stopping) {
    await bot.robot.receive(textMessage(bot.robot, `chat${i}`, 'hubot pager incidents'))
    answered++
  }
}
const lanes = Array.from({ length: inFlight }, async (_, i) => { await lane(i) })
const repliesBefore = bot.adapter.said
report({ port: bot.bot.http!.port } satisfies WebhookBotReady, { stay: true })
await fromParent()
state.stopping = true
await Promise.all(lanes)
const replies = bot.adapter.said - repliesBefore
await bot.stop()
report({ chatAnswered: answered, replies } satisfies WebhookBotReport)
