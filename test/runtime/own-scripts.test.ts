// The bot's own scripts are imported by name (runtime/own-scripts.ts), so the bundled
// build holds them: a script file left out of that list would be loaded from its own
// file, with its own copy of every module it imports.
import { readdirSync } from 'node:fs'
import path from 'node:path'
import { expect, test } from '@jest/globals'
import { OWN_SCRIPTS } from '../../src/runtime/own-scripts.ts'
import { ROOT } from '../helpers/bot.ts'

test('every file in scripts/ is in the list of own scripts, and nothing else is', () => {
  const files = readdirSync(path.join(ROOT, 'scripts')).filter(f => f.endsWith('.ts')).map(f => path.basename(f, '.ts')).sort()
  expect(Object.keys(OWN_SCRIPTS).sort()).toEqual(files)
})

test('each listed script loads and exports the function hubot calls with the robot', async () => {
  for (const [name, load] of Object.entries(OWN_SCRIPTS)) {
    const mod = await load()
    expect([name, typeof mod.default]).toEqual([name, 'function'])
  }
})
