// `npm run bench [-- --quick] [section ...]`: runs the named sections (default all that
// exist, in the order below), prints one table and writes bench/results.json.
import { existsSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Row, Section, SectionRun } from './types.ts'
import { formatTable } from './lib/table.ts'

const ALL = ['dispatch', 'startup', 'redis', 'file', 'requests', 'webhooks', 'concurrency', 'memory']
const HERE = import.meta.dirname

async function main (): Promise<void> {
  const args = process.argv.slice(2)
  const quick = args.includes('--quick')
  const named = args.filter(a => !a.startsWith('--'))
  const unknown = named.filter(n => !ALL.includes(n))
  if (unknown.length > 0) {
    process.stderr.write(`unknown section(s): ${unknown.join(', ')}; known: ${ALL.join(', ')}\n`)
    process.exit(2)
  }
  const wanted = named.length > 0 ? named : ALL
  const sections: Section[] = []
  const failed: Array<{ name: string, error: string }> = []
  for (const name of wanted) {
    const file = path.join(HERE, 'sections', `${name}.ts`)
    if (!existsSync(file)) {
      process.stderr.write(`[bench] ${name}: no bench/sections/${name}.ts yet, skipped\n`)
      continue
    }
    process.stderr.write(`[bench] ${name}${quick ? ' (quick)' : ''} ...\n`)
    const started = performance.now()
    try {
      const mod = await import(pathToFileURL(file).href) as { run: SectionRun }
      const section = await mod.run({ quick })
      sections.push(section)
      for (const note of section.notes ?? []) process.stderr.write(`[bench] ${name}: ${note}\n`)
    } catch (err) {
      // One broken section is reported, not allowed to hide the others' figures.
      const error = err instanceof Error ? (err.stack ?? err.message) : String(err)
      failed.push({ name, error })
      process.stderr.write(`[bench] ${name} FAILED: ${error}\n`)
    }
    process.stderr.write(`[bench] ${name} took ${((performance.now() - started) / 1000).toFixed(1)} s\n`)
  }

  const rows: Array<Row & { section: string }> = sections.flatMap(s => s.rows.map(r => ({ section: s.name, ...r })))
  process.stdout.write(`${formatTable(rows)}\n`)
  const notMet = rows.filter(r => r.met === false)
  const measured = rows.filter(r => r.met != null).length
  process.stdout.write(notMet.length === 0
    ? `\n${measured === 0 ? 'No target measured.' : `Every target measured (${measured}) is met.`}\n`
    : `\nNOT met (${notMet.length}): ${notMet.map(r => `${r.section} ${r.measure}`).join('; ')}\n`)
  for (const f of failed) process.stdout.write(`section ${f.name} failed: ${f.error.split('\n')[0]}\n`)

  const machine = {
    cpus: os.cpus().length, cpu_model: os.cpus()[0]?.model ?? 'unknown', total_memory_mib: Math.round(os.totalmem() / 2 ** 20),
    node: process.version, platform: `${os.platform()} ${os.release()}`, date: new Date().toISOString()
  }
  const results = { machine, quick, sections, failed }
  await writeFile(path.join(HERE, 'results.json'), `${JSON.stringify(results, null, 2)}\n`)
  process.stderr.write(`[bench] wrote bench/results.json (${machine.cpus} cpus, node ${machine.node}, ${machine.date})\n`)
  // Sections close what they open; this only stops a straggler handle from holding the table hostage.
  process.exit(failed.length > 0 ? 1 : 0)
}

await main()
