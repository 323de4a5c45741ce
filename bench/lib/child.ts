// Runs one side of a measurement in its own Node process (so JIT state, GC pressure and
// open handles never leak from one side to the other) and returns what it reports.
import { fork } from 'node:child_process'

export interface ChildOptions {
  /** Extra node flags, e.g. ['--expose-gc']. */
  nodeFlags?: string[]
  env?: Record<string, string>
  timeoutMs?: number
}

/**
 * Forks `script` (a .ts file run through tsx) with `args`; the child answers once with
 * `process.send(result)` (see report()) and exits. Rejects on a crash, a non-zero exit
 * without a result, or the timeout.
 */
export async function runChild<T> (script: string, args: string[], options: ChildOptions = {}): Promise<T> {
  const child = fork(script, args, {
    execArgv: ['--import', 'tsx', ...(options.nodeFlags ?? [])],
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc']
  })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => { stderr = (stderr + chunk.toString()).slice(-4000) })
  return await new Promise<T>((resolve, reject) => {
    let result: { value: T } | null = null
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`${script} ${args.join(' ')}: no result within ${options.timeoutMs ?? 300_000} ms\n${stderr}`))
    }, options.timeoutMs ?? 300_000)
    child.on('message', (message: unknown) => { result = { value: message as T } })
    child.on('error', (err) => { clearTimeout(timer); reject(err) })
    child.on('exit', (code) => {
      clearTimeout(timer)
      if (result != null) resolve(result.value)
      else reject(new Error(`${script} ${args.join(' ')} exited ${code} without a result\n${stderr}`))
    })
  })
}

/** In a child: sends `value` to the parent, then exits once it is delivered. */
export function report (value: unknown): void {
  if (process.send == null) {
    process.stdout.write(`${JSON.stringify(value)}\n`)
    process.exit(0)
  }
  process.send(value, () => process.exit(0))
}
