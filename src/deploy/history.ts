// Runs, in the shared store: a record per run in flight (found again after a restart, to be
// marked interrupted), and a capped list of finished runs (newest 1,000) for `deploys`,
// `deploy status` and `deploy log`. The audit trail and the JSON log keep everything.
import type { SharedStore } from '../store/index.ts'

export const HISTORY_KEY = 'deploy:history'
export const HISTORY_CAP = 1000
/** Output lines kept with a run for `deploy log`. */
export const TAIL_LINES = 20
const ACTIVE_PREFIX = 'deploy:active:'
const USED_PREFIX = 'deploy:id:'
const ALIVE_PREFIX = 'deploy:alive:'
/** An id is not handed out again while the history could still show it. */
const USED_ID_MS = 400 * 86_400_000

export type RunResultName = 'running' | 'succeeded' | 'failed' | 'timed out' | 'cancelled' | 'interrupted'

export interface RunRecord {
  id: string
  task: string
  app: string
  ref: string
  env: string
  user: { id: string, name: string }
  room: string
  approvers: string[]
  started_at: number
  finished_at: number | null
  result: RunResultName
  exit_code: number | null
  signal: string | null
  cancelled_by: string | null
  /** The last output lines (TAIL_LINES). */
  tail: string[]
  /** The commit it ran, for an app with a GitHub repo. */
  sha?: string
  /** The bot process running it (see Deploys.instance). */
  owner?: string
  /** Run by a deploy worker from the queue: it outlives the bot process that started it. */
  queued?: boolean
  /** Its GitHub Deployment (github_deployments), so a restart can close one left in_progress. */
  github_deployment_id?: number
}

export class History {
  constructor (private readonly store: SharedStore) {}

  /** Reserves a fresh id (true) or says it is taken. */
  async reserveId (id: string): Promise<boolean> {
    return await this.store.setIfAbsent(`${USED_PREFIX}${id}`, true, { ttlMs: USED_ID_MS })
  }

  async saveActive (run: RunRecord): Promise<void> {
    await this.store.set(`${ACTIVE_PREFIX}${run.id}`, run)
  }

  async active (): Promise<RunRecord[]> {
    const keys = await this.store.keys(ACTIVE_PREFIX)
    const runs = await Promise.all(keys.map(async k => await this.store.get<RunRecord>(k)))
    return runs.filter((r): r is RunRecord => r != null)
  }

  /** Says the process `owner` is alive for the next `ttlMs`. */
  async markAlive (owner: string, ttlMs: number): Promise<void> {
    await this.store.set(`${ALIVE_PREFIX}${owner}`, true, { ttlMs })
  }

  async isAlive (owner: string): Promise<boolean> {
    return await this.store.get(`${ALIVE_PREFIX}${owner}`) != null
  }

  /** Appends the finished run, then forgets it as active (so a crash between leaves it recoverable). */
  async finish (run: RunRecord): Promise<void> {
    await this.store.append(HISTORY_KEY, run, HISTORY_CAP)
    await this.store.delete(`${ACTIVE_PREFIX}${run.id}`)
  }

  /** Finished runs, newest first, then filtered. */
  async recent (filter: { app?: string, env?: string } = {}, count = 10): Promise<RunRecord[]> {
    const all = (await this.store.tail<RunRecord>(HISTORY_KEY, HISTORY_CAP)).reverse()
    return all.filter(r => (filter.app == null || r.app === filter.app) && (filter.env == null || r.env === filter.env)).slice(0, count)
  }

  /** A run by id: in flight first, then finished. */
  async find (id: string): Promise<RunRecord | null> {
    const active = await this.store.get<RunRecord>(`${ACTIVE_PREFIX}${id}`)
    if (active != null) return active
    return (await this.store.tail<RunRecord>(HISTORY_KEY, HISTORY_CAP)).reverse().find(r => r.id === id) ?? null
  }
}
