// A real robot with the deploy script (and approvals), on a deploy configuration written to
// a fresh temporary directory whose tasks run the tiny scripts in test/fixtures/deploy.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { ROOT, startTestBot, type TestBot, type TestBotOptions } from '../helpers/bot.ts'

export const FIX = path.join(ROOT, 'test', 'fixtures', 'deploy')

export const APPS = `
apps:
  web:
    default_ref: main
    environments:
      staging: {}
      production: { approval: { group: deployers, quorum: 1 } }
    tasks:
      deploy:   { command: [${FIX}/chat.sh], timeout: 10s }
      fail:     { command: [${FIX}/chat.sh, "3"] }
      args:     { command: [${FIX}/args.sh, "{app}", "{ref}", "{env}", "{task}", "{user}", "{deploy_id}", "ref={ref}"] }
      envdump:  { command: [${FIX}/env-dump.sh], env: [AWS_PROFILE] }
      hang:     { command: [${FIX}/hang.sh], timeout: 300ms }
      paced:    { command: [${FIX}/paced.sh] }
  vault:
    rooms: [ops]
    environments: { prod: {} }
    tasks:
      deploy: { command: [${FIX}/chat.sh] }
`

export interface DeployBot extends TestBot { dir: string }

/** Writes `yaml` (default APPS) as deploy.yaml in a new directory and starts a bot on it. */
export async function startDeployBot (options: TestBotOptions & { yaml?: string, dir?: string } = {}): Promise<DeployBot> {
  const dir = options.dir ?? mkdtempSync(path.join(tmpdir(), 'deploy-test-'))
  const file = path.join(dir, 'deploy.yaml')
  writeFileSync(file, options.yaml ?? APPS)
  const bot = await startTestBot({ ...options, scripts: options.scripts ?? ['deploy.ts', 'approvals.ts', 'roles.ts'], env: { HUBOT_DEPLOY_CONFIG: file, HUBOT_AUTH_ADMIN: 'admin', ...options.env } })
  return { ...bot, dir }
}

/** The deploy id in a start message. */
export function deployId (lines: string[]): string {
  const m = /deploy ([A-Z2-9]{6}) started/.exec(lines.join('\n'))
  if (m == null) throw new Error(`no deploy started in:\n${lines.join('\n')}`)
  return m[1]
}
