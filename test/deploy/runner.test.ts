// The local runner through chat, with real child processes: a timeout and a cancel kill
// the whole process group (a grandchild too), typed input is data (no shell ever runs it),
// and the child's environment is an allow-list without the bot's secrets.
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, test } from '@jest/globals'
import { alive, deployId, FIX, pidIn, startDeployBot, tell, until, type DeployBot } from './harness.ts'

let bot: DeployBot | null = null
afterEach(async () => { await bot?.stop(); bot = null })

describe('the local runner', () => {
  test('a timeout kills the process group, grandchild included, and says so', async () => {
    bot = await startDeployBot()
    const said = await bot.say('alice', 'hubot hang web to staging')
    const id = deployId(said)
    expect(said).toEqual([
      `deploy ${id} started: alice runs hang web/main in staging (no approval needed).`,
      'hanging',
      `deploy ${id} timed out: hang web/main in staging ran past its 300ms timeout; its process group was killed (no exit code (SIGTERM)).\nLast 1 output lines:\n::chat:: hanging`
    ])
    expect(await alive(pidIn(bot.dir, 'child.pid'))).toBe(false)
    expect(await alive(pidIn(bot.dir, 'grandchild.pid'))).toBe(false)
    expect(await bot.say('alice', `hubot deploy status ${id}`)).toEqual([expect.stringMatching(/: timed out$/)])
  })

  test('deploy cancel stops a running task and its group; cancelling again says it is not running', async () => {
    bot = await startDeployBot({ yaml: `apps:\n  web:\n    environments: { staging: {} }\n    tasks:\n      hang: { command: [${FIX}/hang.sh], timeout: 20s }\n` })
    const run = bot.say('alice', 'hubot hang web to staging')
    const id = /deploy ([A-Z2-9]{6}) started/.exec(await until(bot, /started/))?.[1] ?? ''
    await until(bot, /^hanging$/)
    await tell(bot, 'bob', `hubot deploy status ${id}`)
    expect(await until(bot, new RegExp(`^${id} alice`))).toMatch(/^[A-Z2-9]{6} alice hang web\/main in staging, no approval, started 2026-11-25 12:00 UTC, running: running$/)
    const cancelled = bot.say('bob', `hubot deploy cancel ${id.toLowerCase()}`)
    await Promise.all([run, cancelled])
    expect(bot.said()).toContain(`cancelling deploy ${id}: stopping its process group.`)
    expect(bot.said().at(-1)).toMatch(new RegExp(`^deploy ${id} cancelled by bob: hang web/main in staging after \\d+(ms|s); its process group was killed`))
    expect(await alive(pidIn(bot.dir, 'grandchild.pid'))).toBe(false)
    expect(await bot.say('bob', `hubot deploy cancel ${id}`)).toEqual([`bob: deploy ${id} is not running (cancelled).`])
    expect(await bot.say('bob', 'hubot deploy cancel ZZZZZZ')).toEqual(['bob: I don\'t know deploy ZZZZZZ.'])
    expect(bot.logs.audit().find(a => a.event === 'deploy.finished')).toMatchObject({ deploy_id: id, actor_id: 'bob', result: 'cancelled' })
  })

  test('shell metacharacters reach the configured program as plain arguments; nothing else runs', async () => {
    bot = await startDeployBot()
    // The user id is a placeholder too ({user}): a chat id full of shell syntax.
    const user = 'u1;touch pwned;$(touch pwned2)`touch pwned3`|x&&y>z'
    const said = await bot.say(user, 'hubot args web/v1.2-rc_3/feature to staging', { name: 'mallory' })
    const id = deployId(said)
    const log = await bot.say('alice', `hubot deploy log ${id}`)
    expect(log).toEqual([`deploy ${id}, last 7 output lines:\narg:web\narg:v1.2-rc_3/feature\narg:staging\narg:args\narg:${user}\narg:${id}\narg:ref=v1.2-rc_3/feature`])
    // No shell ran the user id: none of its commands left a file, and no ">z" redirect.
    expect(readdirSync(bot.dir).sort()).toEqual(['deploy.yaml'])
    expect(existsSync(path.join(process.cwd(), 'pwned'))).toBe(false)
    // Names that are not configured never reach a process at all.
    expect(await bot.say('alice', 'hubot args web;id to staging')).toEqual(['alice: I don\'t know an app called "web;id"; the apps are web, vault.'])
    expect(await bot.say('alice', 'hubot args web to staging&&id')).toEqual(['alice: web has no environment "staging&&id"; its environments are staging, production.'])
    expect(await bot.say('alice', 'hubot args web/$(id) to staging')).toEqual([expect.stringMatching(/^alice: "\$\(id\)" is not a ref I will pass on/)])
    expect(bot.said().filter(t => / started: /.test(t))).toHaveLength(1)
  })

  test('the child gets PATH, HOME, LANG, its env: names and DEPLOY_*; never the bot\'s secrets', async () => {
    const planted = { HUBOT_SLACK_BOT_TOKEN: 'xoxb-1-PLANTEDBOT', HUBOT_SLACK_APP_TOKEN: 'xapp-1-A0-PLANTEDAPP', HUBOT_GITHUB_TOKEN: 'ghp_PLANTEDPLANTEDPLANTED1234', AWS_PROFILE: 'deploy-staging', REDIS_URL: 'redis://127.0.0.1:6379' }
    const saved = { ...process.env }
    Object.assign(process.env, planted, { LANG: 'C.UTF-8' })
    try {
      bot = await startDeployBot({ env: { HUBOT_SLACK_BOT_TOKEN: planted.HUBOT_SLACK_BOT_TOKEN, HUBOT_SLACK_APP_TOKEN: planted.HUBOT_SLACK_APP_TOKEN, HUBOT_GITHUB_TOKEN: planted.HUBOT_GITHUB_TOKEN } })
      const id = deployId(await bot.say('alice', 'hubot envdump web/v9 to staging'))
      const env = Object.fromEntries(readFileSync(path.join(bot.dir, 'env-dump.txt'), 'utf8').split('\n').filter(Boolean).map(l => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]))
      // sh itself adds PWD (and may add SHLVL, _); everything else came from the bot.
      const fromBot = Object.keys(env).filter(k => !['PWD', 'SHLVL', '_', 'OLDPWD'].includes(k)).sort()
      expect(fromBot).toEqual(['AWS_PROFILE', 'DEPLOY_APP', 'DEPLOY_ENV', 'DEPLOY_ID', 'DEPLOY_REF', 'DEPLOY_TASK', 'DEPLOY_USER', 'HOME', 'LANG', 'PATH'])
      expect(env).toMatchObject({ DEPLOY_ID: id, DEPLOY_APP: 'web', DEPLOY_REF: 'v9', DEPLOY_ENV: 'staging', DEPLOY_TASK: 'envdump', DEPLOY_USER: 'alice', AWS_PROFILE: 'deploy-staging', LANG: 'C.UTF-8' })
      const dump = readFileSync(path.join(bot.dir, 'env-dump.txt'), 'utf8')
      for (const secret of Object.values(planted).filter(v => v !== 'deploy-staging')) expect(dump).not.toContain(secret)
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) Reflect.deleteProperty(process.env, k)
      Object.assign(process.env, saved)
    }
  })

  test('a program that cannot start is a failure that says why', async () => {
    bot = await startDeployBot({ yaml: 'apps:\n  web:\n    environments: { staging: {} }\n    tasks:\n      deploy: { command: [./bin/missing, "{env}"] }\n' })
    const said = await bot.say('alice', 'hubot deploy web to staging')
    expect(said.at(-1)).toMatch(/^deploy [A-Z2-9]{6} failed: deploy web\/main in staging in \d+ms, no exit code\.\nLast 1 output lines:\ncould not start the program: ENOENT$/)
  })

  test('secrets a task prints are scrubbed from chat, the stored lines and the log', async () => {
    const key = 'PLANTEDPDKEY12345678'
    bot = await startDeployBot({
      env: { HUBOT_PAGERDUTY_API_KEY: key },
      yaml: `apps:\n  web:\n    environments: { staging: {} }\n    tasks:\n      deploy: { command: [${FIX}/leak.sh, ${key}] }\n`
    })
    const said = await bot.say('alice', 'hubot deploy web to staging')
    const log = await bot.say('alice', `hubot deploy log ${deployId(said)}`)
    const everything = [...said, ...log].join('\n')
    expect(said.slice(1, -1).join('\n')).toBe('token xox?-[REDACTED] red\nkey [REDACTED]')
    expect(everything).not.toContain('PLANTEDBOT')
    expect(everything).not.toContain(key)
    expect(everything).not.toContain('\u001b')
    expect(bot.logs.raw).not.toContain('PLANTEDBOT')
    expect(bot.logs.raw).not.toContain(key)
  })
})
