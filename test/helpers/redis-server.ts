// A private redis-server child on a free port, for tests that need Redis to go away: the
// shared server at REDIS_URL must never be stopped (other tests use it).
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'

export interface RedisChild { url: string, port: number, kill (): Promise<void> }

async function freePort (): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = net.createServer().once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

/** Starts redis-server (no persistence, its own temp dir) on `port` or a free one; resolves once it accepts connections. */
export async function startRedisServer (port?: number): Promise<RedisChild> {
  port ??= await freePort()
  const dir = mkdtempSync(path.join(tmpdir(), 'redis-child-'))
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] })
  await new Promise<void>((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`redis-server did not start within 5 s: ${out}`)), 5000)
    child.once('error', (err) => { clearTimeout(timer); reject(err) })
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString()
      if (out.includes('Ready to accept connections')) { clearTimeout(timer); resolve() }
    })
  })
  let gone: Promise<void> | null = null
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async kill () {
      gone ??= new Promise<void>(resolve => {
        if (child.exitCode != null || child.signalCode != null) { resolve(); return }
        child.once('exit', () => resolve())
        child.kill('SIGKILL')
      }).then(() => { rmSync(dir, { recursive: true, force: true }) })
      await gone
    }
  }
}
