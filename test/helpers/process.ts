// Runs the real entry point as a child process: node --import tsx src/runtime/main.ts, or
// the compiled one (`built`: dist/src/runtime/main.js) with plain node.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { ROOT } from './bot.ts'

// By URL: `--import tsx` would resolve from the child's cwd, which tests move elsewhere.
export const TSX = pathToFileURL(path.join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href

export interface Run { code: number | null, signal: NodeJS.Signals | null, stdout: string, stderr: string }

export interface Started { child: ChildProcessWithoutNullStreams, done: Promise<Run> }

export interface MainOptions { env?: Record<string, string>, cwd?: string, built?: string, nodeArgs?: string[] }

export function startMain (args: string[], options: MainOptions = {}): Started {
  // A clean environment: nothing from the developer's shell (tokens, REDIS_URL) leaks in.
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    PORT: '0',
    EXPRESS_BIND_ADDRESS: '127.0.0.1',
    // Each run its own brain and store files, never the repository's .data/.
    HUBOT_BRAIN_FILE: path.join(mkdtempSync(path.join(tmpdir(), 'hubot-data-')), 'brain.json'),
    ...options.env
  }
  const entry = options.built != null ? [options.built] : ['--import', TSX, path.join(ROOT, 'src', 'runtime', 'main.ts')]
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...entry, ...args], { cwd: options.cwd ?? ROOT, env })
  return { child, done: collect(child) }
}

export async function runMain (args: string[], input: string, options: MainOptions = {}): Promise<Run> {
  const { child, done } = startMain(args, options)
  child.stdin.end(input)
  return await done
}

async function collect (child: ChildProcessWithoutNullStreams): Promise<Run> {
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString() })
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString() })
  return await new Promise(resolve => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })))
}

/** Resolves when stderr has printed a line containing `text`. */
export async function waitForStderr (child: ChildProcessWithoutNullStreams, text: string): Promise<void> {
  let seen = ''
  await new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer): void => {
      seen += d.toString()
      if (seen.includes(text)) { child.stderr.off('data', onData); resolve() }
    }
    child.stderr.on('data', onData)
    child.once('close', () => reject(new Error(`exited before printing "${text}"; stderr:\n${seen}`)))
  })
}
