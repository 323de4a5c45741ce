// The commit a run ships, for an app with a repo. A held request's precheck resolves the
// ref, describes the change and pins both under the request (who typed what, where), so the
// approved run ships exactly the commit approvers saw, even if the branch has moved since.
// A run that needs no approval resolves its commit as it starts.
import { createHash } from 'node:crypto'
import { BotError } from '../core/errors.ts'
import type { SharedStore } from '../store/index.ts'
import type { GitHubClient } from '../services/github/index.ts'
import { describeChange, greenOrRefuse, resolveSha, type Change } from './changes.ts'
import type { History } from './history.ts'
import type { Target } from './target.ts'

/** What a precheck pinned for a held request: the commit approved and its block. */
export interface Pin { sha: string, plain: string, mrkdwn: string, green: boolean }
const PIN_PREFIX = 'deploy:pin:'
/** Longer than any approval request stays approvable. */
const PIN_MS = 8 * 86_400_000
const NOT_GREEN_NOTE = 'CI is not green and this environment requires it: only break glass can run this.'

/** The held request a pin belongs to: who typed what, where. */
export const pinKey = (userId: string, room: string, text: string): string =>
  createHash('sha256').update(`${userId}\n${room}\n${text}`).digest('hex').slice(0, 32)

/** How the run came: typed (null), or from an approved request (its pin, and whether glass was broken). */
export interface Held { key: string, breakGlass: boolean }

const isGreen = (change: Change): boolean => change.ci.failed === 0 && change.ci.pending === 0
const greenRequired = (target: Target): boolean => target.appConfig.environments[target.env].require_green === true

export class CommitPins {
  constructor (
    private readonly store: SharedStore,
    private readonly history: History,
    private readonly github: (() => GitHubClient) | undefined,
    private readonly breakGlass: boolean
  ) {}

  /**
   * The precheck's part: the change, pinned under `key`. require_green refuses a red commit
   * (with break glass on it is held instead, saying only break glass can run it).
   */
  async prepare (target: Target, repo: string, key: string): Promise<Change> {
    const change = await this.changeFor(target, repo)
    const green = isGreen(change) || !greenRequired(target)
    if (!green && !this.breakGlass) greenOrRefuse(change.ci, change.sha)
    const pin: Pin = { sha: change.sha, plain: change.plain, mrkdwn: change.mrkdwn, green }
    await this.store.set(`${PIN_PREFIX}${key}`, pin, { ttlMs: PIN_MS })
    return green ? change : { ...change, plain: `${change.plain}\n${NOT_GREEN_NOTE}`, mrkdwn: `${change.mrkdwn}\n*${NOT_GREEN_NOTE}*` }
  }

  /** The commit and block for a run about to start: the pinned ones for a held request, else resolved now. */
  async toRun (target: Target, repo: string, held: Held | null): Promise<Pin> {
    if (held == null) {
      const change = await this.changeFor(target, repo)
      if (greenRequired(target)) greenOrRefuse(change.ci, change.sha)
      return { sha: change.sha, plain: change.plain, mrkdwn: change.mrkdwn, green: isGreen(change) }
    }
    const pin = await this.store.get<Pin>(`${PIN_PREFIX}${held.key}`)
    if (pin == null) throw new BotError('conflict', 'I no longer know which commit was approved for this request, so I will not guess; ask again.')
    if (!pin.green && greenRequired(target) && !held.breakGlass) {
      throw new BotError('conflict', `${pin.sha.slice(0, 7)} is not green and ${target.app} in ${target.env} requires it: only break glass can run it.`)
    }
    return pin
  }

  client (): GitHubClient {
    if (this.github == null) throw new BotError('not_configured', 'this app names a GitHub repo, but the bot has no GitHub client; set HUBOT_GITHUB_TOKEN.')
    return this.github()
  }

  private async changeFor (target: Target, repo: string): Promise<Change> {
    const gh = this.client()
    const sha = await resolveSha(gh, repo, target.ref)
    // The last successful run here that recorded its commit (from the deploy history).
    const last = (await this.history.recent({ app: target.app, env: target.env }, Number.MAX_SAFE_INTEGER)).find(r => r.result === 'succeeded' && r.sha != null) ?? null
    return await describeChange(gh, repo, sha, last)
  }
}
