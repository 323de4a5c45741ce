// The parent's half of the brain benchmark: each side's process (side.ts) asked one thing
// at a time over IPC, and Redis's own count of the bytes it received (a private server per
// side, so each count is one side's alone).
import { fork, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { Redis } from 'ioredis'
import type { Reply, Request } from './protocol.ts'

const SIDE = path.join(import.meta.dirname, 'side.ts')
// Variables hubot-redis-brain reads before REDIS_URL, and ours reads for the prefix.
const INHERITED_OUT = ['REDIS_URL', 'REDISTOGO_URL', 'REDISCLOUD_URL', 'BOXEN_REDIS_URL', 'HUBOT_REDIS_PREFIX', 'HUBOT_BRAIN_FILE', 'HUBOT_STORE_FILE']

export class SideProcess {
  private pending: { resolve: (reply: Reply) => void, reject: (err: Error) => void } | null = null
  private stderr = ''

  private constructor (readonly kind: string, private readonly child: ChildProcess) {
    child.stderr?.on('data', (chunk: Buffer) => { this.stderr = (this.stderr + chunk.toString()).slice(-4000) })
    child.on('message', (reply: Reply) => {
      const pending = this.pending
      this.pending = null
      if (reply.kind === 'error') pending?.reject(new Error(`${kind}: ${reply.message}`))
      else pending?.resolve(reply)
    })
    child.on('exit', code => {
      this.pending?.reject(new Error(`${kind} exited ${code} while asked something\n${this.stderr}`))
      this.pending = null
    })
  }

  /** Forks a side with `env` on top of this process's (minus any Redis or brain settings); resolves once it is ready. */
  static async start (kind: string, env: Record<string, string>, timeoutMs = 120_000): Promise<{ side: SideProcess, ready: Extract<Reply, { kind: 'ready' }> }> {
    const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !INHERITED_OUT.includes(k)))
    const child = fork(SIDE, [kind], { execArgv: ['--import', 'tsx'], env: { ...base, ...env }, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] })
    const side = new SideProcess(kind, child)
    const ready = await side.next(timeoutMs)
    if (ready.kind !== 'ready') throw new Error(`${kind} answered ${ready.kind} before ready`)
    return { side, ready }
  }

  private async next (timeoutMs: number): Promise<Reply> {
    let timer: NodeJS.Timeout | undefined
    try {
      return await new Promise<Reply>((resolve, reject) => {
        this.pending = { resolve, reject }
        timer = setTimeout(() => reject(new Error(`${this.kind}: no answer within ${timeoutMs} ms\n${this.stderr}`)), timeoutMs)
      })
    } finally {
      clearTimeout(timer)
    }
  }

  async ask<K extends Reply['kind']> (request: Request, expected: K, timeoutMs = 180_000): Promise<Extract<Reply, { kind: K }>> {
    if (this.pending != null) throw new Error(`${this.kind}: asked twice at once`)
    const answer = this.next(timeoutMs)
    this.child.send(request)
    const reply = await answer
    if (reply.kind !== expected) throw new Error(`${this.kind}: expected ${expected}, got ${reply.kind}`)
    return reply as Extract<Reply, { kind: K }>
  }

  /** Stops the side cleanly (its brain flushed and closed), or kills it after `timeoutMs`. */
  async stop (timeoutMs = 20_000): Promise<void> {
    if (this.child.exitCode != null || this.child.signalCode != null) return
    const exited = new Promise<void>(resolve => this.child.once('exit', () => resolve()))
    await this.ask({ cmd: 'stop' }, 'stopped', timeoutMs).catch(() => { this.child.kill('SIGKILL') })
    await Promise.race([exited, sleep(timeoutMs).then(() => { this.child.kill('SIGKILL') })])
  }

  kill (): void { this.child.kill('SIGKILL') }
}

/**
 * Bytes a Redis server has received from its clients (INFO stats total_net_input_bytes),
 * less what this meter's own INFO commands added: each is the same size, measured once.
 */
export class RedisMeter {
  private readonly client: Redis
  private own = 0
  private reads = 0

  constructor (url: string) {
    this.client = new Redis(url, { connectionName: 'bench-meter', maxRetriesPerRequest: 2 })
  }

  private async total (): Promise<number> {
    this.reads++
    const info = await this.client.info('stats')
    const match = /total_net_input_bytes:(\d+)/.exec(info)
    if (match == null) throw new Error('INFO stats has no total_net_input_bytes')
    return Number(match[1])
  }

  /** Measures this meter's own INFO command (two reads in a row on an otherwise quiet server). */
  async calibrate (): Promise<void> {
    const sizes: number[] = []
    let last = await this.total()
    for (let i = 0; i < 5; i++) {
      const next = await this.total()
      sizes.push(next - last)
      last = next
    }
    this.own = Math.min(...sizes)
  }

  /** A reading: the server's count less every INFO this meter sent up to and including this one. */
  async read (): Promise<number> {
    const total = await this.total()
    return total - this.reads * this.own
  }

  /** Reads until the count has not moved for `quietMs` (a write in flight has landed). */
  async settled (quietMs = 150, pollMs = 30): Promise<number> {
    let last = await this.read()
    let quietSince = Date.now()
    while (Date.now() - quietSince < quietMs) {
      await sleep(pollMs)
      const next = await this.read()
      if (next !== last) quietSince = Date.now()
      last = next
    }
    return last
  }

  async close (): Promise<void> { await this.client.quit().catch(() => { this.client.disconnect() }) }
}
