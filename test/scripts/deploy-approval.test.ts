// Approval per environment: production is held for a deployer's approval and runs after
// it; staging runs at once; rules still override by listener id; and what cannot run is
// refused before anyone is asked (no approval request stored or posted).
import { afterEach, describe, expect, test } from '@jest/globals'
import { deployId, startDeployBot, type DeployBot } from '../deploy/harness.ts'

let bot: DeployBot | null = null
afterEach(async () => { await bot?.stop(); bot = null })

const requests = async (b: DeployBot): Promise<number> => (await b.context.store.keys('approval:req:')).length
const started = (b: DeployBot): number => b.said().filter(t => / started: /.test(t)).length

async function withDeployer (b: DeployBot): Promise<void> {
  await b.say('bob', 'hubot locks')
  expect(await b.say('admin', 'hubot bob has deployers role')).toEqual([expect.stringContaining("bob has the 'deployers' role")])
}

describe('approval per environment', () => {
  test('production is held, then runs once bob approves; the start names him', async () => {
    bot = await startDeployBot()
    await withDeployer(bot)
    const held = await bot.say('alice', 'hubot deploy web/v2.3 to production')
    expect(held).toEqual([
      'deploy web/v2.3 in production needs approval:',
      expect.stringMatching(/^alice wants to run "deploy web\/v2\.3 to production"\. 1 approval needed from 'deployers'\. Say "hubot approve ([A-Z2-9]{6})"/)])
    expect(started(bot)).toBe(0)
    const requestId = /approve ([A-Z2-9]{6})/.exec(held[1])?.[1] ?? ''
    const after = await bot.say('bob', `hubot approve ${requestId}`)
    const id = deployId(after)
    expect(after).toContain(`deploy ${id} started: alice runs deploy web/v2.3 in production (approved by bob).`)
    expect(after.at(-1)).toMatch(new RegExp(`^deploy ${id} succeeded: deploy web/v2.3 in production`))
    expect(await bot.say('alice', 'hubot deploys')).toEqual([expect.stringMatching(new RegExp(`^${id} alice deploy web/v2.3 in production, approved by bob, .*: succeeded$`))])
    expect(bot.logs.audit().find(a => a.event === 'deploy.started')).toMatchObject({ deploy_id: id, actor_id: 'alice', approvers: ['bob'] })
  })

  test('staging needs no approval: it runs at once', async () => {
    bot = await startDeployBot()
    const said = await bot.say('alice', 'hubot deploy web to staging')
    expect(said[0]).toMatch(/started: alice runs deploy web\/main in staging \(no approval needed\)/)
    expect(await requests(bot)).toBe(0)
  })

  test('HUBOT_APPROVAL_RULES overrides by listener id: deploy.deploy null runs production at once, and a rule can hold staging', async () => {
    bot = await startDeployBot({ env: { HUBOT_APPROVAL_RULES: '{"deploy.deploy": null, "deploy.fail": {"group": "qa"}}' } })
    expect((await bot.say('alice', 'hubot deploy web to production'))[0]).toMatch(/started: alice runs deploy web\/main in production/)
    expect(await bot.say('alice', 'hubot fail web to staging')).toEqual(['fail web/main in staging needs approval:', expect.stringMatching(/^alice wants to run "fail web to staging"\. 1 approval needed from 'qa'/)])
    expect(await bot.say('alice', 'hubot where can I deploy web')).toEqual([expect.stringContaining('HUBOT_APPROVAL_RULES overrides the approval of deploy.deploy, deploy.fail')])
  })

  test.each([
    ['an unknown app', 'hubot deploy nope to production', 'alice: I don\'t know an app called "nope"; the apps are web, vault.'],
    ['an unknown environment', 'hubot deploy web to moon', 'alice: web has no environment "moon"; its environments are staging, production.'],
    ['a task the app lacks', 'hubot args vault to prod', 'alice: vault has no task "args"; its tasks are deploy.'],
    ['a ref with ..', 'hubot deploy web/../../etc to production', 'alice: "../../etc" is not a ref I will pass on: use letters, digits and ._/- (starting with a letter or digit, at most 100, no "..").'],
    ['a ref with shell characters', 'hubot deploy web/main;rm$(id)-rf to production', 'alice: "main;rm$(id)-rf" is not a ref I will pass on: use letters, digits and ._/- (starting with a letter or digit, at most 100, no "..").'],
    ['a room the app may not run from', 'hubot deploy vault to prod', 'alice: vault may only be run from ops; ask there.']
  ])('%s is refused before approval', async (_what, command, answer) => {
    bot = await startDeployBot({ env: { HUBOT_APPROVAL_RULES: '{"deploy.*": {"group": "deployers"}}' } })
    expect(await bot.say('alice', command)).toEqual([answer])
    expect(await requests(bot)).toBe(0)
    expect(started(bot)).toBe(0)
  })

  test('production locked by someone else is refused before approval, with who, why and until when', async () => {
    bot = await startDeployBot()
    expect(await bot.say('carol', 'hubot lock web in production db migration')).toEqual(['OK, web in production is locked by carol (db migration) until 2026-11-25 16:00 UTC. Only carol may run tasks there meanwhile.'])
    expect(await bot.say('alice', 'hubot deploy web to production')).toEqual([expect.stringMatching(/^alice: web in production is locked by carol \(db migration\) until .* UTC; ask them, or wait\.$/)])
    expect(await requests(bot)).toBe(0)
    // The holder is still asked for approval as usual.
    expect(await bot.say('carol', 'hubot deploy web to production')).toEqual(['deploy web/main in production needs approval:', expect.stringMatching(/^carol wants to run "deploy web to production"/)])
    expect(await requests(bot)).toBe(1)
  })
})
