// A bot process that exits with a task still running takes the task's process group with
// it (a detached group would otherwise run on, unrecorded, after the bot is gone).
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, test } from '@jest/globals'
import { ROOT } from '../helpers/bot.ts'
import { FIX } from './harness.ts'

const TSX = pathToFileURL(path.join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href
const running = (pid: number): boolean => {
  try { return !/^\d+ \(.*\) [ZX]/.test(readFileSync(`/proc/${pid}/stat`, 'utf8')) } catch { return false }
}

describe('the local runner when the bot exits', () => {
  test('the running group gets SIGTERM', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'runner-exit-'))
    // A process that starts hang.sh (child + grandchild), waits for its pid files, exits.
    const program = `
      import { existsSync } from 'node:fs'
      import { LocalRunner } from ${JSON.stringify(pathToFileURL(path.join(ROOT, 'src', 'deploy', 'runner.ts')).href)}
      new LocalRunner({ PATH: process.env.PATH }).start({ id: 'X', argv: [${JSON.stringify(path.join(FIX, 'hang.sh'))}], cwd: ${JSON.stringify(dir)}, envNames: [], deployEnv: {}, timeoutMs: 60000 })
      while (!existsSync(${JSON.stringify(path.join(dir, 'child.pid'))})) await new Promise(r => setTimeout(r, 10))
      await new Promise(r => setTimeout(r, 50))
      process.exit(0)
    `
    execFileSync(process.execPath, ['--import', TSX, '--input-type=module', '-e', program], { cwd: ROOT, timeout: 10000 })
    expect(existsSync(path.join(dir, 'grandchild.pid'))).toBe(true)
    const pids = ['child.pid', 'grandchild.pid'].map(f => Number(readFileSync(path.join(dir, f), 'utf8').trim()))
    for (let i = 0; i < 100 && pids.some(running); i++) await new Promise(resolve => setTimeout(resolve, 10))
    expect(pids.filter(running)).toEqual([])
  })
})
