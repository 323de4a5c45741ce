// Locks: who holds one, why and until when; the holder's exemption; who may unlock; the
// expiry on the bot's clock; and a running task holding its app+env against a second run.
import { afterEach, describe, expect, test } from '@jest/globals'
import { ManualClock } from '../helpers/bot.ts'
import { deployId, startDeployBot, until, type DeployBot } from '../deploy/harness.ts'

let bot: DeployBot | null = null
afterEach(async () => { await bot?.stop(); bot = null })

describe('lock, unlock, locks', () => {
  test('others are refused, the holder runs, only holder or deploy-admin unlocks, expiry after 4 hours', async () => {
    const clock = new ManualClock()
    bot = await startDeployBot({ clock })
    expect(await bot.say('carol', 'hubot lock web in staging hotfix soak')).toEqual(['OK, web in staging is locked by carol (hotfix soak) until 2026-11-25 16:00 UTC. Only carol may run tasks there meanwhile.'])
    expect(await bot.say('alice', 'hubot lock web in staging mine')).toEqual(['alice: web in staging is locked by carol (hotfix soak) until 2026-11-25 16:00 UTC.'])
    expect(await bot.say('alice', 'hubot locks')).toEqual(['web in staging is locked by carol (hotfix soak) until 2026-11-25 16:00 UTC'])
    expect(await bot.say('alice', 'hubot deploy web to staging')).toEqual(['alice: web in staging is locked by carol (hotfix soak) until 2026-11-25 16:00 UTC; ask them, or wait.'])
    // The holder's own run goes ahead.
    expect((await bot.say('carol', 'hubot deploy web to staging')).at(-1)).toMatch(/succeeded/)
    expect(await bot.say('alice', 'hubot unlock web in staging')).toEqual(['alice: web in staging is locked by carol (hotfix soak) until 2026-11-25 16:00 UTC: only carol or someone with the deploy-admin role can unlock it.'])
    expect(await bot.say('alice', 'hubot where can I deploy web')).toEqual([
      'web:\nstaging: no approval needed; web in staging is locked by carol (hotfix soak) until 2026-11-25 16:00 UTC\n' +
      "production: needs 1 approval from 'deployers'\ntasks: deploy, fail, args, envdump, hang, paced; ref default main"])
    await bot.say('dave', 'hubot locks')
    await bot.say('admin', 'hubot dave has deploy-admin role')
    expect(await bot.say('dave', 'hubot unlock web in staging')).toEqual(["OK, web in staging is unlocked (it was carol's)."])
    expect(await bot.say('dave', 'hubot unlock web in staging')).toEqual(['dave: web in staging is not locked.'])
    expect(bot.logs.audit().filter(a => String(a.event).startsWith('deploy.') && a.event !== 'deploy.started' && a.event !== 'deploy.finished').map(a => [a.event, a.actor_id])).toEqual([['deploy.locked', 'carol'], ['deploy.unlocked', 'dave']])
    // A lock expires after 4 hours on the bot's clock.
    await bot.say('carol', 'hubot lock web in production')
    clock.advance(4 * 3_600_000 + 1)
    expect(await bot.say('alice', 'hubot locks')).toEqual(['nothing is locked.'])
    expect((await bot.say('alice', 'hubot lock web in production')).at(0)).toMatch(/^OK, web in production is locked by alice until/)
  })

  test('the holder may unlock their own lock; lock and unlock only take configured names', async () => {
    bot = await startDeployBot()
    await bot.say('carol', 'hubot lock web in staging')
    expect(await bot.say('carol', 'hubot unlock web in staging')).toEqual(['OK, web in staging is unlocked.'])
    expect(await bot.say('carol', 'hubot lock web in moon')).toEqual(['carol: web has no environment "moon"; its environments are staging, production.'])
  })

  test('a running task holds its app+env: a second run is refused, not queued; a run elsewhere is not', async () => {
    bot = await startDeployBot()
    const first = bot.say('alice', 'hubot hang web to staging')
    const id = /deploy ([A-Z2-9]{6}) started/.exec(await until(bot, / started: alice runs hang/))?.[1]
    const second = bot.say('bob', 'hubot deploy web to staging')
    expect(await until(bot, /^bob: web in staging is busy/)).toBe(`bob: web in staging is busy: deploy ${id} (hang) is running; try again when it has finished.`)
    const other = bot.say('bob', 'hubot deploy web to production')
    await Promise.all([first, second, other])
    // Nothing ran after the first ended: the refused run was not queued.
    expect(bot.said().filter(t => / started: bob/.test(t))).toEqual([])
    expect(bot.said().filter(t => /^bob wants to run "deploy web to production"/.test(t))).toHaveLength(1)
    // And once it ended, the environment is free again.
    expect(deployId(await bot.say('bob', 'hubot deploy web to staging'))).not.toBe(id)
  })
})
