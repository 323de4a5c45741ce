// The compiled build (dist/, made by npm install and npm ci) is what npm start and the
// Procfile run: plain node, no TypeScript loader. It must be the same bot as the source run
// with tsx: the same help (Hubot reads each script's header comments from the compiled
// file), its own scripts from dist/, the shipped deploy example from the project, and the
// same configuration check.
import path from 'node:path'
import { describe, expect, test } from '@jest/globals'
import { ROOT } from '../helpers/bot.ts'
import { runMain } from '../helpers/process.ts'
import { builtMainOrSkip } from '../helpers/requirements.ts'

const built = builtMainOrSkip()

function jsonLines (text: string): Array<Record<string, unknown>> {
  return text.split('\n').filter(l => l.startsWith('{')).map(l => JSON.parse(l) as Record<string, unknown>)
}

describe('compiled build', () => {
  test('answers help exactly as the tsx run does, loading its compiled scripts and the project\'s deploy example', async () => {
    if (built == null) return
    const input = 'help\nhelp --ids\nhelp roles\n'
    const [compiled, source] = await Promise.all([runMain(['-d'], input, { built }), runMain(['-d'], input)])
    expect(compiled.code).toBe(0)
    expect(source.code).toBe(0)
    // A stale build (sources changed since) fails here: npm run build.
    expect(compiled.stdout).toBe(source.stdout)
    expect(compiled.stdout).toMatch(/hubot <user> has <role> role - give a user a role/)
    const logs = jsonLines(compiled.stderr)
    expect(logs.filter(l => (l.level as number) >= 50)).toEqual([])
    expect(logs.find(l => l.script === 'deploy')?.file).toBe(path.join(ROOT, 'deploy.example.yaml'))
  })

  test('--config-check passes on the build and names the same problems as the tsx run', async () => {
    if (built == null) return
    expect((await runMain(['--config-check'], '', { built })).stdout).toBe('OK\n')
    const env = { HUBOT_APPROVAL_RULES: '{"roles.grnt": {"group": "oncall"}}' }
    const [compiled, source] = await Promise.all([runMain(['-t'], '', { built, env }), runMain(['-t'], '', { env })])
    expect(compiled.code).toBe(1)
    expect(compiled.stderr).toMatch(/roles\.grnt/)
    expect(compiled.stderr).toBe(source.stderr)
  })
})
