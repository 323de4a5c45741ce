// Live status: ::chat:: lines go to the room at most once a second (on the bot's clock),
// those arriving meanwhile joined into the next message; the log link template.
import { afterEach, describe, expect, test } from '@jest/globals'
import { HeldClock } from '../helpers/held-clock.ts'
import { deployId, startDeployBot, tell, until, type DeployBot } from './harness.ts'

let bot: DeployBot | null = null
afterEach(async () => { await bot?.stop(); bot = null })

describe('live status in the room', () => {
  test('the first chat line goes at once; the next ones wait out the second and go as one message', async () => {
    const clock = new HeldClock()
    bot = await startDeployBot({ clock })
    await tell(bot, 'alice', 'hubot paced web to staging')
    await until(bot, /^line 1$/)
    // All five lines printed (each is logged at once) while the second has not passed.
    for (let i = 0; i < 500 && bot.logs.lines.filter(l => l.msg === 'deploy output').length < 5; i++) await new Promise(resolve => setTimeout(resolve, 10))
    expect(bot.said().slice(1)).toEqual(['line 1'])
    expect(clock.sleeps).toEqual([1000])
    await clock.advance(1000)
    const end = await until(bot, /succeeded/)
    const id = deployId(bot.said())
    expect(bot.said()).toEqual([expect.stringMatching(/started/), 'line 1', 'line 2\nline 3\nline 4\nline 5', end])
    expect(end).toMatch(new RegExp(`^deploy ${id} succeeded`))
  })

  test('HUBOT_DEPLOY_LOG_URL links the start and the end to the run\'s log', async () => {
    bot = await startDeployBot({ env: { HUBOT_DEPLOY_LOG_URL: 'https://kibana.example.com/app/discover#/?q=deploy_id:{deploy_id}' } })
    const said = await bot.say('alice', 'hubot deploy web to staging')
    const id = deployId(said)
    expect(said[0]).toBe(`deploy ${id} started: alice runs deploy web/main in staging (no approval needed). Log: https://kibana.example.com/app/discover#/?q=deploy_id:${id}`)
    expect(said.at(-1)).toMatch(new RegExp(`exit code 0\\. Log: https://kibana\\.example\\.com/app/discover#/\\?q=deploy_id:${id}$`))
  })
})
