// The README's "try it" line through the real entry point: with no deploy.yaml the shipped
// example loads (and the start-up log says so), `deploy example to staging` runs its real
// script, and the end of piped input waits for the final report.
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, test } from '@jest/globals'
import { ROOT } from '../helpers/bot.ts'
import { runMain } from '../helpers/process.ts'

describe('deploy example to staging, in the terminal', () => {
  test('the README says how to try it', async () => {
    const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8')
    expect(readme).toContain("printf 'deploy example to staging\\n' | npm start --silent")
  })

  test('runs the example task and reports its end before the chat ends', async () => {
    // The repository has no deploy.yaml (it is the operator's file): the example is chosen.
    expect(existsSync(path.join(ROOT, 'deploy.yaml'))).toBe(false)
    const run = await runMain([], 'deploy example to staging\ndeploys\n', { env: { HUBOT_LOG_LEVEL: 'info' } })
    expect(run.code).toBe(0)
    const lines = run.stdout.split('\n').filter(Boolean)
    const id = /deploy ([A-Z2-9]{6}) started/.exec(run.stdout)?.[1]
    expect(id).toBeDefined()
    expect(lines).toEqual([
      `deploy ${id} started: shell runs deploy example/main in staging (no approval needed).`,
      `deploy of example at main to staging starting (deploy ${id})`,
      'example: build ok',
      'example: deploy to staging done',
      expect.stringMatching(new RegExp(`^deploy ${id} succeeded: deploy example/main in staging in \\d+(ms|s), exit code 0\\.$`)),
      expect.stringMatching(new RegExp(`^${id} shell deploy example/main in staging, no approval, started .* UTC, \\d+(ms|s): succeeded$`))
    ])
    expect(run.stderr).toContain(`the shipped example ${path.join(ROOT, 'deploy.example.yaml')} is loaded`)
  })
})
