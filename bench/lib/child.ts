// Runs one side of a measurement in its own Node process (so JIT state, GC pressure and
// open handles never leak from one side to the other) and talks to it over IPC.
import { fork, type ChildProcess } from 'node:child_process'

export interface ChildOptions {
  /** Extra node flags, e.g. ['--expose-gc']. */
  nodeFlags?: string[]
  env?: Record<string, string>
  timeoutMs?: number
}

export interface Worker {
  /** The next message the child sends; rejects if it exits or times out first. */
  next<T> (): Promise<T>
  send (message: unknown): void
  /** Kills the child (if still running) and waits for it to exit. */
  stop (): Promise<void>
}

/** Forks `script` (a .ts file run through tsx) with `args`; stderr is kept for errors. */
export function startWorker (script: string, args: string[], options: ChildOptions = {}): Worker {
  const child: ChildProcess = fork(script, args, {
    execArgv: ['--import', 'tsx', ...(options.nodeFlags ?? [])],
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc']
  })
  const label = `${script.split('/').slice(-2).join('/')} ${args.join(' ')}`
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => { stderr = (stderr + chunk.toString()).slice(-4000) })
  const queue: unknown[] = []
  const waiters: Array<{ resolve: (m: unknown) => void, reject: (e: Error) => void }> = []
  let ended: Error | null = null
  child.on('message', (message: unknown) => {
    const waiter = waiters.shift()
    if (waiter != null) waiter.resolve(message)
    else queue.push(message)
  })
  const exited = new Promise<void>(resolve => child.once('exit', (code, signal) => {
    ended = new Error(`${label} exited (${code ?? signal}) before answering\n${stderr}`)
    for (const w of waiters.splice(0)) w.reject(ended)
    resolve()
  }))
  child.on('error', (err) => { ended = err; for (const w of waiters.splice(0)) w.reject(err) })
  return {
    async next<T> (): Promise<T> {
      if (queue.length > 0) return queue.shift() as T
      if (ended != null) throw ended
      const timeoutMs = options.timeoutMs ?? 300_000
      let timer: NodeJS.Timeout | undefined
      try {
        return await new Promise<T>((resolve, reject) => {
          waiters.push({ resolve: resolve as (m: unknown) => void, reject })
          timer = setTimeout(() => reject(new Error(`${label}: no answer within ${timeoutMs} ms\n${stderr}`)), timeoutMs)
        })
      } finally {
        clearTimeout(timer)
      }
    },
    send (message) { child.send(message as object) },
    async stop () {
      if (child.exitCode == null && child.signalCode == null) child.kill('SIGKILL')
      await exited
    }
  }
}

/** Runs `script` to completion: its one report() is the result. */
export async function runChild<T> (script: string, args: string[], options: ChildOptions = {}): Promise<T> {
  const worker = startWorker(script, args, options)
  try {
    return await worker.next<T>()
  } finally {
    await worker.stop()
  }
}

/** In a child: sends `value` to the parent (and exits once it is delivered, unless told to stay). */
export function report (value: unknown, options: { stay?: boolean } = {}): void {
  if (process.send == null) {
    process.stdout.write(`${JSON.stringify(value)}\n`)
    if (options.stay !== true) process.exit(0)
    return
  }
  process.send(value, () => { if (options.stay !== true) process.exit(0) })
}

/** In a child: the next message from the parent. */
export async function fromParent<T> (): Promise<T> {
  return await new Promise<T>(resolve => process.once('message', (m: unknown) => resolve(m as T)))
}
