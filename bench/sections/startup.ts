// Start-up: from spawning the process to its first reply in the terminal, and its RSS
// then. Ours as the Procfile and `npm start` run it (the compiled build when there is
// one, else through tsx), beside stock hubot 14's bin/hubot with its Shell adapter.
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { SectionRun } from '../types.ts'
import { alternate, pairedRow } from '../lib/rounds.ts'
import { MiB } from '../lib/stats.ts'

const ROOT = path.resolve(import.meta.dirname, '..', '..')
const COMPILED = path.join(ROOT, 'dist', 'src', 'runtime', 'main.js')

interface Start { ms: number, rssMiB: number }

interface Launch {
  args: string[]
  cwd: string
  env: Record<string, string>
  /**
   * What to type: at once (ours queues piped input until its scripts are loaded), or again
   * on each output until answered (stock's Shell reads lines before its scripts are loaded
   * and drops them; its last log line before they are comes right after they are).
   */
  line: string
  retype: boolean
  /** The reply's text, proof that a listener answered. */
  reply: string
}

function rssOf (pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) * 1024 / MiB
}

async function startOnce (launch: Launch): Promise<Start> {
  const started = performance.now()
  const child = spawn(process.execPath, launch.args, { cwd: launch.cwd, env: { ...process.env, ...launch.env }, stdio: ['pipe', 'pipe', 'pipe'] })
  let err = ''
  child.stderr.on('data', (chunk: Buffer) => { err = (err + chunk.toString()).slice(-2000) })
  if (!launch.retype) child.stdin.write(`${launch.line}\n`)
  let out = ''
  try {
    return await new Promise<Start>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no reply within 30 s; stdout: ${out.slice(-300)}; stderr: ${err.slice(-1000)}`)), 30_000)
      child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`exited ${code} before replying; stdout: ${out.slice(-300)}; stderr: ${err.slice(-1000)}`)) })
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString()
        if (out.includes(launch.reply)) {
          const ms = performance.now() - started
          clearTimeout(timer)
          resolve({ ms, rssMiB: rssOf(child.pid!) })
        } else if (launch.retype) {
          child.stdin.write(`${launch.line}\n`)
        }
      })
    })
  } finally {
    child.removeAllListeners('exit')
    const exited = new Promise(resolve => child.once('exit', resolve))
    child.kill('SIGKILL')
    await exited
  }
}

export const run: SectionRun = async ({ quick }) => {
  const rounds = quick ? 3 : 7
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-startup-'))
  try {
    // Stock hubot loads ./scripts of its working directory: one listener to answer.
    await mkdir(path.join(dir, 'scripts'))
    await writeFile(path.join(dir, 'scripts', 'ping.mjs'), 'export default (robot) => { robot.respond(/ping$/i, async (res) => { await res.send(\'PONG\') }) }\n')
    // As `npm start` runs it: the compiled build only once the start script uses it (a
    // dist/ left by a build in progress is not what users run).
    const start = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start
    const compiled = start.includes('dist/') && existsSync(COMPILED)
    const ours: Launch = {
      args: compiled ? [COMPILED] : ['--import', 'tsx', path.join(ROOT, 'src', 'runtime', 'main.ts')],
      cwd: ROOT,
      env: { HUBOT_BRAIN_FILE: path.join(dir, 'brain.json'), PORT: '0', EXPRESS_BIND_ADDRESS: '127.0.0.1' },
      line: 'help',
      retype: false,
      reply: 'help <words>'
    }
    const stock: Launch = {
      args: [path.join(ROOT, 'node_modules', 'hubot', 'bin', 'hubot'), '-a', 'Shell', '-n', 'hubot'],
      cwd: dir,
      env: { PORT: '0', EXPRESS_BIND_ADDRESS: '127.0.0.1', HUBOT_LOG_LEVEL: 'info' },
      line: 'hubot ping',
      retype: true,
      reply: 'PONG'
    }
    const how = compiled ? 'node dist/src/runtime/main.js (compiled build)' : 'node --import tsx src/runtime/main.ts (transpiled at every start)'
    const startOurs = async (): Promise<Start> => await startOnce(ours).catch((err: Error) => {
      throw new Error(`ours (${how}) did not answer: ${err.message}${compiled ? ' (is dist/ current? npm run build)' : ''}`)
    })
    const paired = await alternate(rounds, startOurs, async () => await startOnce(stock))
    return {
      name: 'startup',
      rows: [
        pairedRow(paired, { measure: 'start to first reply', unit: 'ms', pick: s => s.ms, target: { atMost: 2 } }),
        pairedRow(paired, { measure: 'RSS at first reply', unit: 'MiB', pick: s => s.rssMiB, target: { atMost: 1.5 } })
      ],
      data: { rounds, ours: { how, npmStart: start, runs: paired.ours }, stock: { how: 'node node_modules/hubot/bin/hubot -a Shell', runs: paired.peer } },
      notes: [`ours: ${how}; package.json start: "${start}". Ours answers "help", stock hubot (Shell adapter, typed again on each output until it answers) a one-listener "ping"; both with their HTTP server on`]
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
