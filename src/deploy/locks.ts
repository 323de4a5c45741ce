// Locks on an app in an environment, in the shared store (atomic across bot processes).
// A lock taken by a person has an owner, a reason and an expiry: only its holder may run
// tasks there meanwhile, and only the holder or a deploy-admin removes it. A running task
// holds a second key of its own, taken when the run is accepted, so a second run is
// refused rather than queued. Expiry is read on the bot's clock (store TTLs back it up).
import type { Clock } from '../core/clock.ts'
import type { SharedStore } from '../store/index.ts'

export const DEFAULT_LOCK_MS = 4 * 3_600_000

export interface Lock { app: string, env: string, owner_id: string, owner_name: string, reason: string | null, taken_at: number, expires_at: number }
export interface RunLock { app: string, env: string, deploy_id: string, user_id: string, task: string, since: number }

const LOCK_PREFIX = 'deploy:lock:'
const RUN_PREFIX = 'deploy:running:'
const lockKey = (app: string, env: string): string => `${LOCK_PREFIX}${app}:${env}`
const runKey = (app: string, env: string): string => `${RUN_PREFIX}${app}:${env}`

export class Locks {
  constructor (private readonly store: SharedStore, private readonly clock: Clock) {}

  /** The live lock (an expired one reads as none). */
  async get (app: string, env: string): Promise<Lock | null> {
    const lock = await this.store.get<Lock>(lockKey(app, env))
    return lock != null && lock.expires_at > this.clock.now() ? lock : null
  }

  /** Takes (or renews, for its holder) the lock; the other holder's lock when refused. */
  async take (fields: Omit<Lock, 'taken_at' | 'expires_at'>, durationMs = DEFAULT_LOCK_MS): Promise<{ ok: true, lock: Lock } | { ok: false, lock: Lock }> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const now = this.clock.now()
      const lock: Lock = { ...fields, taken_at: now, expires_at: now + durationMs }
      const raw = await this.store.get<Lock>(lockKey(fields.app, fields.env))
      const live = raw != null && raw.expires_at > now ? raw : null
      if (live != null && live.owner_id !== fields.owner_id) return { ok: false, lock: live }
      if (await this.store.compareAndSet(lockKey(fields.app, fields.env), raw, lock, { ttlMs: durationMs })) return { ok: true, lock }
    }
    throw new Error('lock kept changing while it was taken') // only a storm of writers causes this
  }

  /** Removes the lock; false when there was none. */
  async release (app: string, env: string): Promise<boolean> {
    return await this.store.delete(lockKey(app, env))
  }

  async list (): Promise<Lock[]> {
    const keys = await this.store.keys(LOCK_PREFIX)
    const locks = await Promise.all(keys.map(async k => await this.store.get<Lock>(k)))
    return locks.filter((l): l is Lock => l != null && l.expires_at > this.clock.now()).sort((a, b) => `${a.app}:${a.env}`.localeCompare(`${b.app}:${b.env}`))
  }

  async running (app: string, env: string): Promise<RunLock | null> {
    return await this.store.get<RunLock>(runKey(app, env))
  }

  /** Claims app+env for a run; the run already holding it when refused. */
  async claimRun (run: RunLock, ttlMs: number): Promise<RunLock | null> {
    for (let attempt = 0; attempt < 3; attempt++) {
      if (await this.store.setIfAbsent(runKey(run.app, run.env), run, { ttlMs })) return null
      const holder = await this.store.get<RunLock>(runKey(run.app, run.env))
      if (holder != null) return holder // else it ended meanwhile: try again
    }
    throw new Error('run lock kept changing while it was claimed')
  }

  /** Holds app+env for another `ttlMs` if this run still holds it (a queued run may wait for a worker longer than its timeout). */
  async extendRun (app: string, env: string, deployId: string, ttlMs: number): Promise<boolean> {
    const cur = await this.running(app, env)
    if (cur?.deploy_id !== deployId) return false
    return await this.store.compareAndSet(runKey(app, env), cur, cur, { ttlMs })
  }

  /** Frees app+env if this run still holds it. */
  async releaseRun (app: string, env: string, deployId: string): Promise<boolean> {
    const cur = await this.running(app, env)
    if (cur?.deploy_id !== deployId) return false
    return await this.store.delete(runKey(app, env))
  }
}
