// The deploy configuration file: every problem names the file and the path in it, at start
// (deploys are then off and say so) and in --config-check; the shipped example is valid.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, test } from '@jest/globals'
import { checkConfiguration } from '../../src/runtime/config-check.ts'
import { EXAMPLE_FILE, loadDeployConfig } from '../../src/deploy/index.ts'
import { ROOT } from '../helpers/bot.ts'
import { startDeployBot, type DeployBot } from './harness.ts'

let bot: DeployBot | null = null
afterEach(async () => { await bot?.stop(); bot = null })

const BAD = `apps:
  web:
    environments: { staging: {}, production: { approval: { group: Deployers } } }
    tasks:
      deploy: { command: ["{app}", x], timeout: soon }
      status: { command: [./bin/x] }
      rollback: { command: [./bin/x, "{branch}"] }
`

function writeConfig (text: string, name = 'deploy.yaml'): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'deploy-config-')), name)
  writeFileSync(file, text)
  return file
}

describe('the deploy configuration', () => {
  test('the shipped example is valid and has the example app', () => {
    expect(Object.keys(loadDeployConfig(EXAMPLE_FILE).apps)).toEqual(['example'])
  })

  test('--config-check lists every problem with the file and its path', async () => {
    const file = writeConfig(BAD)
    const report = await checkConfiguration({ HUBOT_DEPLOY_CONFIG: file }, { scriptsDir: path.join(ROOT, 'scripts'), externalScriptsFile: null })
    expect(report.problems).toEqual([
      `HUBOT_DEPLOY_CONFIG: ${file}: apps.web.environments.production.approval.group: roles are lowercase letters, digits and _.:-`,
      `HUBOT_DEPLOY_CONFIG: ${file}: apps.web.tasks.deploy.command.0: the program (first element) cannot hold a placeholder`,
      `HUBOT_DEPLOY_CONFIG: ${file}: apps.web.tasks.deploy.timeout: "soon" is not a duration; use e.g. 300ms, 90s, 30m, 2h`,
      `HUBOT_DEPLOY_CONFIG: ${file}: apps.web.tasks.rollback.command.1: unknown placeholder; the placeholders are {app} {ref} {env} {task} {user} {deploy_id}`,
      `HUBOT_DEPLOY_CONFIG: ${file}: apps.web.tasks.status: a task cannot be named deploys, list, status, log, cancel, where, lock, unlock, locks, approve, approval, approvals, deny, help`
    ])
  })

  test('YAML that does not parse, JSON, and a missing file are named with their path', async () => {
    const broken = writeConfig('apps:\n  web: [unclosed\n')
    expect((await checkConfiguration({ HUBOT_DEPLOY_CONFIG: broken }, { externalScriptsFile: null })).problems).toEqual([expect.stringMatching(new RegExp(`^HUBOT_DEPLOY_CONFIG: ${broken}: not valid YAML: `))])
    const json = writeConfig('{"apps": {"web": {"environments": {"staging": {}}, "tasks": {"deploy": {"command": ["./x"]}}}}}', 'deploy.json')
    expect((await checkConfiguration({ HUBOT_DEPLOY_CONFIG: json }, { externalScriptsFile: null })).problems).toEqual([])
    const missing = path.join(tmpdir(), 'no-such-dir-x', 'deploy.yaml')
    expect((await checkConfiguration({ HUBOT_DEPLOY_CONFIG: missing }, { externalScriptsFile: null })).problems).toEqual([`HUBOT_DEPLOY_CONFIG: ${missing}: cannot be read (ENOENT); set HUBOT_DEPLOY_CONFIG to a deploy configuration file`])
    expect((await checkConfiguration({ HUBOT_DEPLOY_LOG_URL: 'https://kibana.example.com/discover' }, { externalScriptsFile: null })).problems)
      .toEqual([expect.stringMatching(/^HUBOT_DEPLOY_LOG_URL: a link template containing \{deploy_id\}/)])
  })

  test('at start a bad file is logged with its path and the deploy commands say deploys are off', async () => {
    bot = await startDeployBot({ yaml: BAD })
    const file = path.join(bot.dir, 'deploy.yaml')
    const logged = bot.logs.lines.find(l => typeof l.msg === 'string' && l.msg.startsWith('deploy: the configuration is invalid'))
    expect(logged).toMatchObject({ level: 50, problems: expect.arrayContaining([`${file}: apps.web.tasks.deploy.timeout: "soon" is not a duration; use e.g. 300ms, 90s, 30m, 2h`]) })
    expect(await bot.say('alice', 'hubot deploy web to staging')).toEqual([expect.stringMatching(/^alice: deploys are off: the deploy configuration is invalid \(.*deploy\.yaml: apps\.web\.environments\.production\.approval\.group: .*\)\. Run "npm start -- --config-check" for every problem\.$/)])
  })
})
