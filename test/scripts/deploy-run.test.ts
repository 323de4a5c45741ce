// A configured task run from chat, end to end: checked, the app+env taken, a real child
// process spawned, its ::chat:: lines in the room, the end report, the history.
import { afterEach, describe, expect, test } from '@jest/globals'
import { ManualClock } from '../helpers/bot.ts'
import { deployId, startDeployBot, type DeployBot } from '../deploy/harness.ts'

let bot: DeployBot | null = null
afterEach(async () => { await bot?.stop(); bot = null })

describe('deploy <app> to <env>', () => {
  test('staging runs at once: start, chat lines, success, then the history lists it', async () => {
    bot = await startDeployBot({ clock: new ManualClock() })
    const said = await bot.say('alice', 'hubot deploy web/v2.3 to staging')
    const id = deployId(said)
    expect(said[0]).toBe(`deploy ${id} started: alice runs deploy web/v2.3 in staging (no approval needed).`)
    // The ::chat:: lines, without the prefix; the plain lines stay out of the room.
    const chat = said.slice(1, -1).join('\n')
    expect(chat.split('\n')).toEqual(['starting deploy of web at v2.3 to staging', 'halfway', 'finishing'])
    expect(said.at(-1)).toMatch(new RegExp(`^deploy ${id} succeeded: deploy web/v2.3 in staging in \\d+(ms|s), exit code 0\\.$`))
    expect(await bot.say('alice', 'hubot deploys')).toEqual([expect.stringMatching(new RegExp(`^${id} alice deploy web/v2.3 in staging, no approval, started 2026-11-25 12:00 UTC, \\d+(ms|s): succeeded$`))])
    expect(await bot.say('bob', `hubot deploy log ${id}`)).toEqual([`deploy ${id}, last 5 output lines:\n::chat:: starting deploy of web at v2.3 to staging\nplain line one\n::chat:: halfway\nplain line two\n::chat:: finishing`])
    expect(await bot.say('bob', `hubot deploy status ${id.toLowerCase()}`)).toEqual([expect.stringMatching(/: succeeded$/)])
    // Every output line is in the JSON log with the run's fields; start and end audited.
    const output = bot.logs.lines.filter(l => l.msg === 'deploy output')
    expect(output).toHaveLength(5)
    expect(output[1]).toMatchObject({ deploy_id: id, app: 'web', env: 'staging', task: 'deploy', stream: 'stdout', line: 'plain line one' })
    expect(bot.logs.audit().filter(a => String(a.event).startsWith('deploy.')).map(a => [a.event, a.deploy_id, a.result])).toEqual([['deploy.started', id, undefined], ['deploy.finished', id, 'succeeded']])
  })

  test('the default ref is the app\'s default_ref', async () => {
    bot = await startDeployBot()
    const said = await bot.say('alice', 'hubot deploy web to staging')
    expect(said[0]).toMatch(/runs deploy web\/main in staging/)
  })

  test('a failure reports the exit code and the last 10 lines', async () => {
    bot = await startDeployBot()
    const said = await bot.say('alice', 'hubot fail web in staging')
    const id = deployId(said)
    expect(said.at(-1)).toMatch(new RegExp(`^deploy ${id} failed: fail web/main in staging in \\d+(ms|s), exit code 3\\.\nLast 5 output lines:\n::chat:: starting fail of web at main to staging\nplain line one\n`))
    expect(await bot.say('alice', 'hubot deploys web in staging')).toEqual([expect.stringMatching(/: failed$/)])
    expect(await bot.say('alice', 'hubot deploys web in production')).toEqual(['no runs yet.'])
  })
})
