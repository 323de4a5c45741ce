// A kill -9 during an atomic write leaves its temp file behind (150 kills once left 55,
// 3.9 MB). The brain and the store remove their own leftovers when they start, matched by
// the exact naming writeFileAtomic uses for that target, and touch nothing else.
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, expect, test } from '@jest/globals'
import { LogCapture, startTestBot } from '../helpers/bot.ts'
import { createLogger } from '../../src/core/log.ts'
import { FileBrain } from '../../src/brain/file.ts'
import { FileStore } from '../../src/store/file.ts'
import { removeStaleTemps } from '../../src/store/atomic-file.ts'

let dir: string
beforeEach(async () => { dir = await mkdtemp(path.join(tmpdir(), 'stale-temps-')) })
afterEach(async () => { await rm(dir, { recursive: true, force: true }) })

// Names that look close but are not ours for the target: each must survive.
const OTHERS = [
  'brain.json.123.abcd1234.tmp', // no leading dot
  '.brain.json.bak',
  '.brain.json.123.abcd1234.tmp.keep',
  '.brain.json.x12.abcd1234.tmp', // not a pid
  '.brain.json.123.ABCD.tmp', // not our random part
  '.brainXjson.123.abcd1234.tmp', // the dot is literal
  '.other.json.123.abcd1234.tmp',
  'notes.tmp',
  'brain.json.tmp'
]

async function seed (names: string[]): Promise<void> {
  for (const name of names) await writeFile(path.join(dir, name), 'x'.repeat(1000))
}

test('removeStaleTemps removes exactly the temp files of one target', async () => {
  const ours = ['.brain.json.4242.k3j9x0ab.tmp', '.brain.json.1.a.tmp', '.brain.json.77.abc.tmp']
  await seed([...ours, ...OTHERS, '.store.json.4242.k3j9x0ab.tmp'])
  expect((await removeStaleTemps(path.join(dir, 'brain.json'))).sort()).toEqual([...ours].sort())
  expect((await readdir(dir)).sort()).toEqual([...OTHERS, '.store.json.4242.k3j9x0ab.tmp'].sort())
  expect(await removeStaleTemps(path.join(dir, 'missing-dir', 'brain.json'))).toEqual([])
})

test('a file brain removes its leftovers when it starts, and says how many', async () => {
  await seed(['.brain.json.4242.k3j9x0ab.tmp', '.brain.json.4243.zz.tmp', '.store.json.4242.k3j9x0ab.tmp', ...OTHERS])
  const bot = await startTestBot({ brain: new FileBrain(path.join(dir, 'brain.json')) })
  await bot.stop()
  expect((await readdir(dir)).sort()).toEqual(['.store.json.4242.k3j9x0ab.tmp', ...OTHERS].sort())
  expect(bot.logs.lines.find(l => l.msg === 'removed temp files left by an interrupted brain save')).toMatchObject({ level: 40, removed: 2 })
})

test('a file store removes its leftovers (store file and lists file) when it opens', async () => {
  await seed(['.store.json.4242.k3j9x0ab.tmp', '.store.lists.jsonl.4242.k3j9x0ab.tmp', '.brain.json.4242.k3j9x0ab.tmp', ...OTHERS])
  const logs = new LogCapture()
  const store = await FileStore.open(path.join(dir, 'store.json'), { log: createLogger({ level: 'info', destination: logs }) })
  await store.close()
  expect((await readdir(dir)).sort()).toEqual(['.brain.json.4242.k3j9x0ab.tmp', ...OTHERS].sort())
  expect(logs.lines.find(l => l.msg === 'removed temp files left by an interrupted store write')).toMatchObject({ level: 40, removed: 2 })
})

test('the start-up write probe leaves nothing behind, and removes what a probe killed mid-write left', async () => {
  const { probeWritable } = await import('../../src/store/atomic-file.ts')
  await seed(['..hubot-write-probe.4242.k3j9x0ab.tmp', ...OTHERS])
  await probeWritable(dir)
  expect((await readdir(dir)).sort()).toEqual([...OTHERS].sort())
})
