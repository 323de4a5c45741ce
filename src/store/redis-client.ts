// The one place Redis connections are made (brain, its subscriber, the store).
// rediss:// turns TLS on; Heroku Redis presents a self-signed certificate, which is only
// accepted when HUBOT_REDIS_ALLOW_SELF_SIGNED is set, never by default.
import { createRequire } from 'node:module'
import type { Redis, RedisOptions } from 'ioredis'
import type { Logger } from '../core/log.ts'
import { BotError } from '../core/errors.ts'

// ioredis is loaded by the first connection, not with this module (which the brain and
// store indexes import either way): a start without REDIS_URL never pays for loading it.
const load = createRequire(import.meta.url)

export const STORAGE_UNREACHABLE = "storage (Redis) is unreachable: the command did not run; try again in a minute, and tell the bot's admins if it persists."

export interface RedisSettings { url: string, prefix: string, allowSelfSigned: boolean }

export function redisOptions (settings: RedisSettings, name: string): RedisOptions {
  const options: RedisOptions = {
    connectionName: name,
    // A command fails (and the health check says so) instead of queueing forever.
    maxRetriesPerRequest: 2,
    connectTimeout: 5000,
    // ioredis arms this timer on disconnect() even when the socket is already closed
    // (Redis down), which holds a shutdown up for its full length; the default is 2 s.
    ...{ disconnectTimeout: 200 }
  }
  if (settings.url.startsWith('rediss://') && settings.allowSelfSigned) {
    options.tls = { rejectUnauthorized: false }
  }
  return options
}

// Statuses in which a client that was connected before knows Redis is gone (it is waiting
// to reconnect, or trying to): 'connect' is the handshake on a new socket and must pass.
const DOWN = new Set(['reconnecting', 'connecting', 'close', 'end'])

/**
 * Once the connection has been up and is lost, every command is refused at once with
 * STORAGE_UNREACHABLE (a BotError chat shows as it is) instead of waiting in ioredis's
 * offline queue through its reconnect attempts: seconds per command, and more the longer
 * Redis is down. Before the first connection commands still queue, so start-up may race
 * the connect. The check sits where ioredis itself refuses a command with the offline
 * queue off (sendCommand), so pipelines and scripts are refused the same way.
 */
function failFastWhileDown (client: Redis): void {
  let connectedOnce = false
  client.once('ready', () => { connectedOnce = true })
  const send = client.sendCommand.bind(client)
  client.sendCommand = (...args: Parameters<Redis['sendCommand']>) => {
    const [command] = args
    if (connectedOnce && DOWN.has(client.status)) {
      command.reject(new BotError('unavailable', STORAGE_UNREACHABLE))
      return command.promise
    }
    sayWhenLost(command)
    return send(...args)
  }
}

const MAPPED = Symbol('reject says storage is unreachable')
type Rejecting = { reject: (err: Error) => void, [MAPPED]?: true }

// A command already queued or sent when the connection dropped fails later, through
// ioredis's own retries (MaxRetriesPerRequestError) or its closing: that is storage being
// unreachable too, and says the same. Done on the command's own reject, so no second
// promise exists to go unhandled where ioredis ignores what sendCommand returns.
function sayWhenLost (command: unknown): void {
  const c = command as Rejecting
  if (c[MAPPED] === true) return
  const reject = c.reject
  c.reject = (err: Error) => {
    const lost = err?.name === 'MaxRetriesPerRequestError' || err?.message === 'Connection is closed.'
    reject(lost ? new BotError('unavailable', STORAGE_UNREACHABLE) : err)
  }
  c[MAPPED] = true
}

/** A client that logs (without the URL, which holds the password) instead of throwing on errors. */
export function createRedisClient (settings: RedisSettings, name: string, log: Logger): Redis {
  const { Redis: RedisClient } = load('ioredis') as typeof import('ioredis')
  const client = new RedisClient(settings.url, redisOptions(settings, name))
  failFastWhileDown(client)
  let lastMessage = ''
  client.on('error', (err: Error) => {
    // ioredis repeats the same error on every reconnect attempt; log each kind once.
    if (err.message === lastMessage) return
    lastMessage = err.message
    log.error({ err: { message: err.message, code: (err as NodeJS.ErrnoException).code }, redis: name }, 'Redis connection error; retrying')
  })
  client.on('ready', () => {
    if (lastMessage !== '') log.info({ redis: name }, 'Redis connection restored')
    lastMessage = ''
  })
  return client
}

/**
 * Resolves when the client answers PING within `timeoutMs`. Rejects at once while the
 * connection is lost or closed: the health endpoint must not wait on ioredis's retries.
 */
export async function pingRedis (client: Redis, timeoutMs = 2000): Promise<void> {
  if (['reconnecting', 'close', 'end'].includes(client.status)) throw new Error(`Redis is not connected (${client.status})`)
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer PING within ${timeoutMs} ms`)), timeoutMs)
  })
  try {
    const answer = await Promise.race([client.ping(), timeout])
    if (answer !== 'PONG') throw new Error(`Redis answered PING with ${String(answer)}`)
  } finally {
    clearTimeout(timer)
  }
}

/** Redis glob characters in a literal key prefix, escaped for SCAN MATCH. */
export function escapeGlob (text: string): string {
  return text.replace(/[*?[\]\\]/g, c => `\\${c}`)
}

/** Closes politely (waits for replies), or drops the connection when that fails. */
export async function quit (client: Redis): Promise<void> {
  if (client.status === 'end') return
  // quit() waits for a reply that a lost connection never sends.
  if (client.status !== 'ready') {
    client.disconnect()
    return
  }
  try {
    await client.quit()
  } catch {
    client.disconnect()
  }
}
