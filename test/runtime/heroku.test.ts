// Heroku as a new user deploys it: the Procfile's command is the bot itself, compiled (so
// the SIGTERM of a dyno restart reaches it; behind `npm start` it reached npm, and node was
// left running; and no TypeScript is transpiled at each start), and a dyno without Redis
// is warned about (its disk, and so every role, goes at each restart).
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, test } from '@jest/globals'
import { ROOT } from '../helpers/bot.ts'
import { runMain, waitForStderr } from '../helpers/process.ts'
import { builtMainOrSkip } from '../helpers/requirements.ts'
import { FakeSlack } from '../fakes/slack/fake-slack.ts'

const procfile = Object.fromEntries(readFileSync(path.join(ROOT, 'Procfile'), 'utf8').trim().split('\n')
  .map(line => /^(\w+):\s*(.+)$/.exec(line)).filter(m => m != null).map(m => [m[1], m[2]]))
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>, scripts: Record<string, string> }

function jsonLines (text: string): Array<Record<string, unknown>> {
  return text.split('\n').filter(l => l.startsWith('{')).map(l => JSON.parse(l) as Record<string, unknown>)
}

let fake: FakeSlack | undefined
afterEach(async () => { await fake?.stop(); fake = undefined })

describe('Heroku', () => {
  test('each Procfile process runs node itself on Slack, on the build that install makes (Heroku builds before it prunes devDependencies)', () => {
    expect(Object.keys(procfile)).toEqual(['web', 'chat', 'worker'])
    // Deploy workers (with REDIS_URL): node itself too, so a dyno restart's SIGTERM reaches the worker.
    expect(procfile.worker).toBe('node dist/src/runtime/worker.js')
    expect(procfile.web).toBe('node dist/src/runtime/main.js -a slack')
    // The Eco choice: a non-web process gets no HTTP routing, so it serves none.
    expect(procfile.chat).toBe('node dist/src/runtime/main.js -a slack -d')
    expect(pkg.scripts.prepare).toBe('npm run build')
    expect(pkg.scripts.start).toBe('node dist/src/runtime/main.js') // for people
  })

  test('the web command, run as Heroku runs it, is the bot: a SIGTERM to it shuts the bot down and exits 0', async () => {
    if (builtMainOrSkip() == null) return
    fake = await new FakeSlack().start()
    // Heroku runs the command with bash -c, which execs a single command: the process it
    // signals is argv[0] itself. Spawned here without a shell, so the test holds on any /bin/sh.
    const [command, ...args] = procfile.web.split(/\s+/)
    expect(command).toBe('node')
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        PORT: '0',
        EXPRESS_BIND_ADDRESS: '127.0.0.1',
        HUBOT_BRAIN_FILE: path.join(mkdtempSync(path.join(tmpdir(), 'hubot-heroku-')), 'brain.json'),
        HUBOT_SLACK_APP_TOKEN: fake.state.appToken,
        HUBOT_SLACK_BOT_TOKEN: fake.state.botToken,
        HUBOT_SLACK_API_URL: fake.apiUrl
      }
    })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString() })
    const exited = new Promise<number | null>(resolve => child.on('close', code => resolve(code)))
    try {
      await waitForStderr(child, '"msg":"bot started"')
      child.kill('SIGTERM') // to the process Heroku started, as a dyno restart does
      expect(await exited).toBe(0)
    } finally {
      if (child.exitCode == null && child.signalCode == null) child.kill('SIGKILL')
    }
    const logs = jsonLines(stderr)
    const stopping = logs.find(l => l.msg === 'shutting down')
    expect(stopping).toMatchObject({ reason: 'SIGTERM', pid: child.pid })
    expect(logs.at(-1)?.msg).toBe('bot stopped')
  })

  test('on a dyno without REDIS_URL the start logs a warning: roles would be lost at every restart', async () => {
    const run = await runMain(['-d'], '', { env: { DYNO: 'web.1' } })
    expect(run.code).toBe(0)
    const warning = jsonLines(run.stderr).find(l => l.level === 40)
    expect(warning?.msg).toMatch(/^DYNO is set \(Heroku\) but REDIS_URL is not: .* roles, pending approvals and the audit trail would be lost\. Add Heroku Redis \(it sets REDIS_URL\) and HUBOT_REDIS_ALLOW_SELF_SIGNED=true$/)
    const off = await runMain(['-d'], '')
    expect(jsonLines(off.stderr).filter(l => l.level === 40)).toEqual([])
  })
})
