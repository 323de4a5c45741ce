// The README's "Try approval locally" recipe, run as written through the real entry point
// (two sessions sharing the default embedded brain and store), and `exit` ending a chat
// whose stdin is still open, with the same clean stop as SIGTERM.
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { ChildProcessWithoutNullStreams } from 'node:child_process'
import { describe, expect, test } from '@jest/globals'
import { ROOT } from '../helpers/bot.ts'
import { runMain, startMain } from '../helpers/process.ts'

// The recipe's two commands, as the README spells them (checked below).
const SETUP = '/as alice\\n/as bob\\n/as shell\\nbob has oncall role\\n'
const RULES = '{"roles.grant": {"group": "oncall"}}'

/** Resolves with all of stdout so far, and the match, once it matches `pattern`. */
async function stdoutMatching (child: ChildProcessWithoutNullStreams, pattern: RegExp): Promise<{ text: string, match: RegExpExecArray }> {
  let seen = ''
  return await new Promise((resolve, reject) => {
    const onData = (d: Buffer): void => {
      seen += d.toString()
      const m = pattern.exec(seen)
      if (m != null) { child.stdout.off('data', onData); resolve({ text: seen, match: m }) }
    }
    child.stdout.on('data', onData)
    child.once('close', () => reject(new Error(`exited before printing ${String(pattern)}; stdout:\n${seen}`)))
  })
}

const jsonLines = (text: string): Array<Record<string, unknown>> => text.split('\n').filter(Boolean).map(l => JSON.parse(l) as Record<string, unknown>)

describe('Try approval locally, as the README says', () => {
  test('the README carries the recipe this test runs', async () => {
    const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8')
    expect(readme).toContain(`printf '${SETUP}' | npm start --silent`)
    expect(readme).toContain(`HUBOT_APPROVAL_RULES='${RULES}' npm start`)
    expect(readme).toContain('alice has deployers role')
    expect(readme).toContain('/as bob')
    expect(readme).toMatch(/approve [A-Z2-9]{6}/)
  })

  test('session 1 makes bob an approver; session 2 holds a grant until bob approves it, then runs it', async () => {
    // One data directory for both sessions, as .data/ is for `npm start` in a clone.
    const env = { HUBOT_BRAIN_FILE: path.join(await mkdtemp(path.join(tmpdir(), 'hubot-recipe-')), 'brain.json') }
    const setup = await runMain([], SETUP.replaceAll('\\n', '\n'), { env })
    expect(setup.code).toBe(0)
    expect(setup.stdout).toBe("(you are now alice)\n(you are now bob)\n(you are now shell)\nshell: OK, bob has the 'oncall' role.\n")
    expect(jsonLines(setup.stderr).some(l => l.terminal_admin === 'shell')).toBe(true)

    const { child, done } = startMain([], { env: { ...env, HUBOT_APPROVAL_RULES: RULES } })
    let run
    try {
      child.stdin.write('alice has deployers role\n')
      const { text: held, match: [, id] } = await stdoutMatching(child, /approve ([A-Z2-9]{6})" \(expires [^)]*\)\.\n/)
      expect(held).toMatch(/^shell wants to run "alice has deployers role"\. 1 approval needed from 'oncall'\. Say "hubot approve [A-Z2-9]{6}" \(expires \d\d:\d\d UTC\)\.\n$/)
      child.stdin.end(`/as bob\napprove ${id}\n`)
      run = await done
    } finally {
      if (child.exitCode == null) child.kill('SIGKILL')
    }
    expect(run.code).toBe(0)
    const id = /approve ([A-Z2-9]{6})"/.exec(run.stdout)?.[1]
    expect(run.stdout.split('\n').slice(1)).toEqual([
      '(you are now bob)',
      `${String(id)} approved by bob: running "alice has deployers role" for shell.`,
      "shell: OK, alice has the 'deployers' role.",
      ''
    ])
  })
})

describe('exit and quit', () => {
  test('"exit" ends a chat whose stdin stays open: exit 0, after the same clean stop as SIGTERM', async () => {
    const { child, done } = startMain(['-d'])
    child.stdin.write('help words\nexit\nhelp words\n') // stdin is never ended: only exit stops it
    const run = await done
    expect(run.code).toBe(0)
    expect(run.stdout).toBe('hubot help <words> - only the commands that mention all of those words\n')
    const logs = jsonLines(run.stderr)
    expect(logs.some(l => l.msg === 'terminal: exit typed; ending the chat')).toBe(true)
    expect(logs.at(-1)?.msg).toBe('bot stopped')
  })

  test('piped, nothing but chat reaches stdout: no prompt, no greeting', async () => {
    const run = await runMain(['-d'], 'quit\n')
    expect([run.code, run.stdout]).toEqual([0, ''])
  })
})
