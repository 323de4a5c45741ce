// The real entry point as a real process: terminal chat on stdin/stdout, logs on stderr,
// config check, flags, external scripts, process-level error handlers and SIGTERM.
import { mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, test } from '@jest/globals'
import { ROOT } from '../helpers/bot.ts'
import { runMain, startMain, waitForStderr } from '../helpers/process.ts'

const PROBE = path.join(ROOT, 'test', 'fixtures', 'external', 'runtime-probe.mjs')

/** A working directory with the project's scripts and an external-scripts.json of our choosing. */
async function workdir (external: unknown): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hubot-main-'))
  await symlink(path.join(ROOT, 'scripts'), path.join(dir, 'scripts'))
  await writeFile(path.join(dir, 'external-scripts.json'), JSON.stringify(external))
  return dir
}

function jsonLines (text: string): Array<Record<string, unknown>> {
  return text.split('\n').filter(Boolean).map(l => JSON.parse(l) as Record<string, unknown>)
}

describe('entry point', () => {
  test('piped lines are answered in order, only chat on stdout, JSON logs on stderr, exit 0 at end of input', async () => {
    const run = await runMain([], 'help\n/as alice\nhubot help help\n')
    expect(run.code).toBe(0)
    const lines = run.stdout.trimEnd().split('\n')
    const switched = lines.indexOf('(you are now alice)')
    expect(lines.slice(0, switched).some(l => l.startsWith('hubot help - '))).toBe(true) // the first help, before the switch
    expect(switched).toBeGreaterThan(0)
    expect(lines.at(-1)).toBe('hubot help <words> - only the commands that mention all of those words')
    expect(run.stdout).not.toContain('"level"')
    expect(run.stdout).not.toContain('\u001b[') // no ANSI colours when stdout is not a terminal
    const logs = jsonLines(run.stderr)
    expect(logs.some(l => l.msg === 'bot started' && l.adapter === 'terminal')).toBe(true)
    expect(logs.at(-1)?.msg).toBe('bot stopped')
  })

  test('works when stdout is a file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'hubot-out-'))
    const out = path.join(dir, 'out.txt')
    const { spawnSync } = await import('node:child_process')
    const result = spawnSync('sh', ['-c', `printf 'help\\n/as alice\\nhelp\\n' | "${process.execPath}" --import tsx src/runtime/main.ts > "${out}" 2>/dev/null`],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '', PORT: '0', EXPRESS_BIND_ADDRESS: '127.0.0.1' } })
    expect(result.status).toBe(0)
    const text = await readFile(out, 'utf8')
    expect(text.split('\n').filter(l => l.startsWith('hubot help - '))).toHaveLength(2)
    expect(text).not.toContain('{')
  })

  test('-n and -l set the names the bot answers to; the prefix stays optional', async () => {
    const run = await runMain(['-n', 'opsbot', '-l', 'ob', '-d'], 'opsbot help words\nob help words\nhelp words\n')
    expect(run.code).toBe(0)
    expect(run.stdout.trimEnd().split('\n')).toEqual(Array(3).fill('opsbot help <words> - only the commands that mention all of those words'))
  })

  test('--config-check prints OK, or every problem with how to fix it', async () => {
    const ok = await runMain(['--config-check'], '')
    expect([ok.code, ok.stdout]).toEqual([0, 'OK\n'])
    const bad = await runMain(['-t'], '', { env: { PORT: 'eighty', HUBOT_SLACK_BOT_TOKEN: 'xoxp-wrong-kind-SECRETVALUE', HUBOT_LOG_LEVEL: 'loud' } })
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain('PORT:')
    expect(bad.stderr).toContain('HUBOT_LOG_LEVEL:')
    expect(bad.stderr).toContain('HUBOT_SLACK_BOT_TOKEN: must be a bot token starting xoxb- (Slack app settings > OAuth & Permissions > Bot User OAuth Token)')
    expect(bad.stderr).not.toContain('SECRETVALUE')
  })

  test('a bad external script is reported by name and the others still load; an unhandled rejection does not end the process', async () => {
    const cwd = await workdir(['no-such-hubot-package', PROBE])
    const run = await runMain(['-d'], 'reject\nhelp words\n', { cwd })
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('rejected in the background')
    expect(run.stdout).toContain('hubot help <words>')
    const logs = jsonLines(run.stderr)
    expect(logs.some(l => l.package === 'no-such-hubot-package' && String(l.msg).includes('failed to load'))).toBe(true)
    expect(logs.some(l => String(l.msg).startsWith('unhandled promise rejection'))).toBe(true)
  })

  test('an unexpected error says "something went wrong" with a reference; the stack and no secret are logged under it', async () => {
    const cwd = await workdir([PROBE])
    const run = await runMain(['-d'], 'explode\n', { cwd })
    const m = /something went wrong \(reference ([0-9a-f]{8})\)/.exec(run.stdout)
    expect(m).not.toBeNull()
    expect(run.stdout).not.toContain('PLANTED-SECRET-123')
    expect(run.stdout).not.toContain('api.example.test')
    const entry = jsonLines(run.stderr).find(l => l.reference === m?.[1])
    expect(JSON.stringify(entry)).toContain('runtime-probe.mjs') // the stack
    expect(run.stderr).not.toContain('PLANTED-SECRET-123')
  })

  test('a start that fails says why on stderr, exits 1, and shows no credential from the error', async () => {
    const run = await runMain(['-d', '-a', path.join(ROOT, 'test', 'fixtures', 'external', 'failing-adapter.mjs')], '')
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('hubot failed to start: cannot connect to wss://[REDACTED]@chat.example.test/socket?token=[REDACTED]')
    expect(run.stderr).not.toContain('PLANTED-SECRET-456')
  })

  test('SIGTERM lets the running command finish, then exits 0', async () => {
    const cwd = await workdir([PROBE])
    const { child, done } = startMain(['-d'], { cwd })
    child.stdin.write('slow\n') // stdin stays open: only the signal ends this run
    await waitForStderr(child, 'probe: slow started')
    child.kill('SIGTERM')
    const run = await done
    expect(run.code).toBe(0)
    expect(run.stdout).toBe('slow done\n')
    const logs = jsonLines(run.stderr)
    expect(logs.some(l => l.msg === 'shutting down' && l.reason === 'SIGTERM')).toBe(true)
    expect(logs.at(-1)?.msg).toBe('bot stopped')
  })
})
