// A real robot with the deploy script (and approvals), on a deploy configuration written to
// a fresh temporary directory whose tasks run the tiny scripts in test/fixtures/deploy.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import hubot from 'hubot'
import { ManualClock, ROOT, startTestBot, type TestBot, type TestBotOptions } from '../helpers/bot.ts'

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
  // The bot's clock is manual by default: the per-second chat spacing costs no real time.
  const bot = await startTestBot({ clock: new ManualClock(), ...options, scripts: options.scripts ?? ['deploy.ts', 'approvals.ts', 'roles.ts'], env: { HUBOT_DEPLOY_CONFIG: file, HUBOT_AUTH_ADMIN: 'admin', ...options.env } })
  return { ...bot, dir }
}

/** The deploy id in a start message. */
export function deployId (lines: string[]): string {
  const m = /deploy ([A-Z2-9]{6}) started/.exec(lines.join('\n'))
  if (m == null) throw new Error(`no deploy started in:\n${lines.join('\n')}`)
  return m[1]
}

/**
 * Says `text` without waiting for the work it starts (a run's end), only for its listeners:
 * for commands typed while a task runs.
 */
export async function tell (b: DeployBot, userId: string, text: string): Promise<void> {
  const user = b.robot.brain.userForId(userId, { name: userId })
  user.room = 'general'
  await b.robot.receive(new hubot.TextMessage(user, text, `tell-${b.said().length}-${userId}`))
}

/** Polls (real time, 10 ms steps, 5 s unless told) until the bot said something matching. */
export async function until (b: DeployBot, pattern: RegExp, withinMs = 5000): Promise<string> {
  for (let i = 0; i < withinMs / 10; i++) {
    const hit = b.said().find(t => pattern.test(t))
    if (hit != null) return hit
    await new Promise(resolve => setTimeout(resolve, 10))
  }
  throw new Error(`never said ${String(pattern)}; said:\n${b.said().join('\n')}`)
}

// Running, not a zombie waiting for a parent (an orphan is reaped by pid 1 when it gets to it).
const running = (pid: number): boolean => {
  try { return !/^\d+ \(.*\) [ZX]/.test(readFileSync(`/proc/${pid}/stat`, 'utf8')) } catch { return false }
}
/** Whether the process is still running after up to a second for a signal to land. */
export async function alive (pid: number): Promise<boolean> {
  for (let i = 0; i < 100 && running(pid); i++) await new Promise(resolve => setTimeout(resolve, 10))
  return running(pid)
}
export const pidIn = (dir: string, file: string): number => Number(readFileSync(path.join(dir, file), 'utf8').trim())
