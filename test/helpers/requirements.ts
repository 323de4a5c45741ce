// Tests that need Redis or the vendor specs run in CI (REQUIRE_REDIS=1, REQUIRE_SPECS=1)
// and fail there when the thing is missing; elsewhere they skip with a printed reason.
import { existsSync } from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { ROOT } from './bot.ts'

function skipOrFail (what: string, required: boolean, reason: string): null {
  if (required) throw new Error(`${what} is required here (REQUIRE_* is set) but ${reason}`)

  console.warn(`skipping ${what} tests: ${reason}`)
  return null
}

/** REDIS_URL (default redis://127.0.0.1:6379) when a server answers; else null (or throws in CI). */
export async function redisUrlOrSkip (): Promise<string | null> {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
  const { hostname, port } = new URL(url)
  const reachable = await new Promise<boolean>(resolve => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379) })
    socket.setTimeout(500)
    socket.once('connect', () => { socket.destroy(); resolve(true) })
    socket.once('timeout', () => { socket.destroy(); resolve(false) })
    socket.once('error', () => resolve(false))
  })
  return reachable ? url : skipOrFail('Redis', process.env.REQUIRE_REDIS === '1', `no Redis answers at ${url}`)
}

/** The vendor specs folder (SPECS_DIR, default ../shared/specs) when present; else null (or throws in CI). */
export function specsDirOrSkip (): string | null {
  const dir = path.resolve(process.env.SPECS_DIR ?? path.join(ROOT, '..', 'shared', 'specs'))
  return existsSync(dir) ? dir : skipOrFail('vendor spec', process.env.REQUIRE_SPECS === '1', `${dir} does not exist`)
}

/** The compiled entry point (npm install and npm ci build dist/) when built; else null (or throws in CI). */
export function builtMainOrSkip (): string | null {
  const main = path.join(ROOT, 'dist', 'src', 'runtime', 'main.js')
  return existsSync(main) ? main : skipOrFail('compiled build', process.env.REQUIRE_BUILD === '1', `${main} does not exist (npm run build makes it)`)
}

/** A key prefix no other test (or jest worker, or CI run) shares. */
export function uniquePrefix (name: string): string {
  return `test:${name}:${process.pid}:${Date.now().toString(36)}:${Math.random().toString(36).slice(2, 8)}:`
}
