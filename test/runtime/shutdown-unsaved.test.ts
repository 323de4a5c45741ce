// The entry point's exit code tells the truth about the brain: a shutdown whose final
// save failed logs it at error and exits non-zero, so a supervisor (or a human reading
// `echo $?`) knows changes were lost. The failure is real, without root tricks: a
// directory stands where brain.json must be renamed to.
import { mkdir, mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { expect, test } from '@jest/globals'
import { startMain, waitForStderr } from '../helpers/process.ts'

function jsonLines (text: string): Array<Record<string, unknown>> {
  return text.split('\n').filter(l => l.startsWith('{')).map(l => JSON.parse(l) as Record<string, unknown>)
}

test('a shutdown that cannot save the brain logs why at error and exits 1', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'hubot-unsaved-'))
  const brainFile = path.join(dir, 'brain.json')
  const { child, done } = startMain(['-d'], { env: { HUBOT_BRAIN_FILE: brainFile } })
  await waitForStderr(child, 'bot started')
  await mkdir(brainFile) // nothing was saved yet (idle): the first save, at shutdown, fails
  child.stdin.end('help words\n') // the terminal user joins the brain; end of input shuts down
  const run = await done
  expect(run.stdout).toContain('hubot help <words>')
  expect(run.code).toBe(1)
  const logs = jsonLines(run.stderr)
  expect(logs.some(l => l.level === 50 && String(l.msg).startsWith('shutdown: brain flush failed'))).toBe(true)
  expect(logs.at(-1)).toMatchObject({ level: 50, msg: expect.stringContaining('the brain could not be saved') })
  expect(logs.some(l => l.msg === 'bot stopped')).toBe(false)
})

test('a clean shutdown still exits 0 and saves the brain', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'hubot-saved-'))
  const brainFile = path.join(dir, 'brain.json')
  const { child, done } = startMain(['-d'], { env: { HUBOT_BRAIN_FILE: brainFile } })
  await waitForStderr(child, 'bot started')
  child.stdin.end('help words\n')
  const run = await done
  expect(run.code).toBe(0)
  expect(jsonLines(run.stderr).at(-1)?.msg).toBe('bot stopped')
})
