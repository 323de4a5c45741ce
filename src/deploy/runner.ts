// The runner interface (start a run, hear its lines and its exit, cancel it by id) and the
// local runner that spawns the task in the bot's own process. A queue worker can implement
// the same interface later: start() enqueues, the handle relays the worker's events.
import { spawn, type ChildProcess } from 'node:child_process'
import { EventEmitter } from 'node:events'
import { createInterface } from 'node:readline'

export interface RunSpec {
  id: string
  /** Program and arguments; never run through a shell. */
  argv: string[]
  cwd: string
  /** The child's whole environment (already an allow-list). */
  env: Record<string, string>
  timeoutMs: number
}

export interface RunResult {
  /** Exit code; null when the process was killed or never started. */
  code: number | null
  signal: string | null
  timedOut: boolean
  cancelled: boolean
  /** Why it could not start (ENOENT...), if so. */
  error: string | null
}

export interface RunHandle {
  readonly id: string
  on (event: 'line', listener: (line: string, stream: 'stdout' | 'stderr') => void): this
  on (event: 'exit', listener: (result: RunResult) => void): this
  /** Settles after the last line, with the result. */
  readonly done: Promise<RunResult>
}

export interface Runner {
  start (spec: RunSpec): RunHandle
  /** True when a run of that id was running here and is now being stopped. */
  cancel (id: string): boolean
}

/** A line longer than this is cut: one runaway line must not fill the log or the chat. */
const LINE_MAX = 4000

// Process groups still running, across every local runner of this process. A detached
// group outlives the bot unless told: when the bot exits (a shutdown that stopped waiting,
// say) they get SIGTERM, so no task runs on that the next start reports as interrupted.
const liveGroups = new Set<number>()
let exitHookInstalled = false
function trackGroup (pid: number): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true
    process.once('exit', () => {
      for (const group of liveGroups) {
        try { process.kill(-group, 'SIGTERM') } catch { /* already gone */ }
      }
    })
  }
  liveGroups.add(pid)
}

class LocalHandle extends EventEmitter implements RunHandle {
  readonly done: Promise<RunResult>
  timedOut = false
  cancelled = false
  constructor (readonly id: string, readonly child: ChildProcess, settle: (h: LocalHandle) => Promise<RunResult>) {
    super()
    this.done = settle(this)
  }
}

export class LocalRunner implements Runner {
  private readonly running = new Map<string, LocalHandle>()
  /** How long a killed group gets between SIGTERM and SIGKILL. */
  constructor (private readonly killGraceMs = 5000) {}

  start (spec: RunSpec): RunHandle {
    // detached: its own process group, so a timeout or cancel reaches what it started too.
    const child = spawn(spec.argv[0], spec.argv.slice(1), { cwd: spec.cwd, env: spec.env, detached: true, shell: false, stdio: ['ignore', 'pipe', 'pipe'] })
    const handle = new LocalHandle(spec.id, child, async h => await this.watch(h, spec))
    this.running.set(spec.id, handle)
    const pid = child.pid
    if (pid != null) trackGroup(pid)
    void handle.done.finally(() => {
      this.running.delete(spec.id)
      if (pid != null) liveGroups.delete(pid)
    })
    return handle
  }

  cancel (id: string): boolean {
    const h = this.running.get(id)
    if (h == null) return false
    h.cancelled = true
    this.killGroup(h)
    return true
  }

  private killGroup (h: LocalHandle): void {
    const pid = h.child.pid
    if (pid == null) return
    const kill = (signal: NodeJS.Signals): void => {
      try { process.kill(-pid, signal) } catch { /* the group is gone already */ }
    }
    kill('SIGTERM')
    setTimeout(() => kill('SIGKILL'), this.killGraceMs).unref()
  }

  private async watch (h: LocalHandle, spec: RunSpec): Promise<RunResult> {
    const { child } = h
    const timer = setTimeout(() => { h.timedOut = true; this.killGroup(h) }, spec.timeoutMs)
    const closed: Array<Promise<void>> = []
    for (const stream of ['stdout', 'stderr'] as const) {
      const source = child[stream]
      if (source == null) continue
      const lines = createInterface({ input: source, crlfDelay: Infinity })
      lines.on('line', line => h.emit('line', line.length > LINE_MAX ? `${line.slice(0, LINE_MAX)}…` : line, stream))
      closed.push(new Promise(resolve => lines.once('close', () => resolve())))
    }
    const result = await new Promise<RunResult>(resolve => {
      child.once('error', err => resolve({ code: null, signal: null, timedOut: false, cancelled: false, error: (err as NodeJS.ErrnoException).code ?? err.message }))
      child.once('exit', (code, signal) => resolve({ code, signal, timedOut: h.timedOut, cancelled: h.cancelled, error: null }))
    })
    clearTimeout(timer)
    // The last lines are read before the end is reported; a grandchild that keeps the pipe
    // open must not hold the report back for long.
    let wait: NodeJS.Timeout | undefined
    await Promise.race([Promise.all(closed), new Promise(resolve => { wait = setTimeout(resolve, 2000) })])
    clearTimeout(wait)
    child.stdout?.destroy()
    child.stderr?.destroy()
    h.emit('exit', result)
    return result
  }
}

/** The child's environment: only these names from the bot's, plus the task's own list and the DEPLOY_* values. */
export const PASSED_ENV = ['PATH', 'HOME', 'LANG']

export function childEnv (parent: NodeJS.ProcessEnv, extraNames: readonly string[], deploy: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {}
  for (const name of [...PASSED_ENV, ...extraNames]) {
    const value = parent[name]
    if (value != null) env[name] = value
  }
  return { ...env, ...deploy }
}
