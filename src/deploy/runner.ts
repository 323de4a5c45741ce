// The runner interface (start a run, hear its lines and its exit, cancel it by id) and the
// local runner that spawns the task in its own process group. The bot runs it in-process
// without Redis; a deploy worker runs it for the queue runner (queue-runner.ts), whose
// handles relay the worker's lines and result through Redis.
import { spawn, type ChildProcess } from 'node:child_process'
import { EventEmitter } from 'node:events'
import { createInterface } from 'node:readline'

export interface RunSpec {
  id: string
  /** Program and arguments; never run through a shell. */
  argv: string[]
  cwd: string
  /** Names read from the runner's own environment (besides PASSED_ENV); values never travel with the spec. */
  envNames: string[]
  /** The DEPLOY_* values. */
  deployEnv: Record<string, string>
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
  /** Who cancelled it, when the runner learnt that from elsewhere (another bot process). */
  cancelledBy?: { id: string, name: string } | null
}

export interface RunHandle {
  readonly id: string
  /** True when the process running the task logs each output line itself (a deploy worker). */
  readonly logsOutput?: boolean
  /** `seen`: the line was already relayed before this process took the run over (kept for the tail only). */
  on (event: 'line', listener: (line: string, stream: 'stdout' | 'stderr', seen?: boolean) => void): this
  on (event: 'exit', listener: (result: RunResult) => void): this
  /** Something the room should hear about the run itself (no worker to take it). */
  on (event: 'notice', listener: (text: string) => void): this
  /** Settles after the last line, with the result; null when another process reports the end instead. */
  readonly done: Promise<RunResult | null>
}

export interface Runner {
  start (spec: RunSpec): RunHandle
  /** True when a run of that id was running (or waiting) and is now being stopped. */
  cancel (id: string, by: { id: string, name: string }): boolean | Promise<boolean>
}

/**
 * A runner whose runs go on without this bot process (jobs on worker processes): reporting
 * a run is leased, so exactly one bot process reports it and another takes over after a restart.
 */
export interface DetachedRunner extends Runner {
  readonly detached: true
  /** Takes the reporting lease of a new run, before it is recorded (so no other process adopts it half-made). */
  lease (id: string): Promise<boolean>
  /** Reports a run from where the last reporter stopped, when its lease is free; null otherwise. */
  follow (id: string, since: number): Promise<RunHandle | null>
  close (): Promise<void>
}

export const isDetached = (runner: Runner): runner is DetachedRunner => (runner as Partial<DetachedRunner>).detached === true

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
  /**
   * `parentEnv`: where PATH, HOME, LANG and the tasks' `env:` names are read from.
   * `killGraceMs`: how long a killed group gets between SIGTERM and SIGKILL.
   */
  constructor (private readonly parentEnv: NodeJS.ProcessEnv = process.env, private readonly killGraceMs = 5000) {}

  start (spec: RunSpec): RunHandle {
    const env = childEnv(this.parentEnv, spec.envNames, spec.deployEnv)
    // detached: its own process group, so a timeout or cancel reaches what it started too.
    const child = spawn(spec.argv[0], spec.argv.slice(1), { cwd: spec.cwd, env, detached: true, shell: false, stdio: ['ignore', 'pipe', 'pipe'] })
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
