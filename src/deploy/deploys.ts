// One robot's deploys: checks a request, takes app+env when the run is accepted, starts it
// on the runner, reports it live in the room, and records it (history, audit, JSON log).
import { utcMinute } from '../chat/time.ts'
import { randomInt } from 'node:crypto'
import { hostname } from 'node:os'
import type { Robot } from 'hubot'
import { botContext, type BotContext } from '../core/context.ts'
import { BotError } from '../core/errors.ts'
import type { Logger } from '../core/log.ts'
import { redactSecrets, secretValuesOf } from '../core/redact.ts'
import { quoteInput } from '../chat/quote.ts'
import { buildArgv, resolveTarget, type DeployRequest, type Target } from './target.ts'
import { isDetached, type RunHandle, type RunResult, type Runner } from './runner.ts'
import { watchQueue, type Reported } from './queue-watch.ts'
import { timeoutOf, type DeployConfig } from './config.ts'
import { Locks, type Lock } from './locks.ts'
import { History, TAIL_LINES, type RunRecord, type RunResultName } from './history.ts'
import { RoomPoster, chatLine, endedText, startedText } from './status.ts'
import type { RichMessage } from '../chat/message.ts'
import type { GitHubClient } from '../services/github/index.ts'
import { withChange, type Change } from './changes.ts'
import { CommitPins, type Held } from './pins.ts'
import { GitHubDeployment, markInterrupted } from './github-deployment.ts'
import { recordRunEnd } from './run-metrics.ts'
import { newShortId } from '../core/ids.ts'

/** The run lock outlives its timeout by this much, in case the bot dies without releasing it. */
const RUN_LOCK_SLACK_MS = 10 * 60_000
// While it runs tasks, a bot says it is alive every BEAT_MS, for ALIVE_MS: a bot starting
// beside it on the same Redis must not take its runs for interrupted ones.
const BEAT_MS = 10_000
const ALIVE_MS = 30_000

export interface DeployOptions {
  config: DeployConfig
  runner: Runner
  logUrl: string | null
  /** Records an audit event (the script passes access/'s recordAudit: deploy/ does not import access/). */
  audit: (event: { event: string, actor_id: string, [field: string]: unknown }) => Promise<void>
  /** The GitHub client, for apps with a `repo` (throws BotError when GitHub is not configured). */
  github?: () => GitHubClient
  /** Whether break glass is on: a red commit is then held for it instead of refused. */
  breakGlass?: boolean
}

export interface Prepared { target: Target, change: Change | null }

export interface Requester { id: string, name: string }
type Post = (text: string | RichMessage) => Promise<unknown>

export const lockText = (l: Lock): string =>
  `${l.app} in ${l.env} is locked by ${l.owner_name}${l.reason != null ? ` (${l.reason})` : ''} until ${utcMinute(l.expires_at)}`

export class Deploys {
  readonly locks: Locks
  readonly history: History
  private readonly pins: CommitPins
  private readonly poster: RoomPoster
  private readonly ctx: BotContext
  private readonly log: Logger
  private readonly secrets: string[]
  /** This bot process, as the owner of its runs. */
  readonly instance = `${hostname()}:${process.pid}:${randomInt(1e9).toString(36)}`
  private heartbeat: NodeJS.Timeout | null = null
  private readonly mine = new Set<string>()
  /** Runs this process reports now, with their timeouts. */
  private readonly following = new Map<string, Reported>()

  constructor (private readonly robot: Robot, readonly options: DeployOptions) {
    this.ctx = botContext(robot)
    this.log = this.ctx.log.child({ script: 'deploy' })
    this.secrets = secretValuesOf(this.ctx.config)
    this.locks = new Locks(this.ctx.store, this.ctx.clock)
    this.history = new History(this.ctx.store)
    this.pins = new CommitPins(this.ctx.store, this.history, options.github, options.breakGlass === true)
    this.poster = new RoomPoster(this.ctx.clock, err => this.log.warn({ err }, 'deploy: a chat line could not be posted'))
  }

  get config (): DeployConfig { return this.options.config }

  logUrl (id: string): string | null {
    return this.options.logUrl?.replaceAll('{deploy_id}', encodeURIComponent(id)) ?? null
  }

  /** Everything that can be known before anyone approves: names, ref, room, locks, a run in progress. */
  async check (req: DeployRequest, user: Requester): Promise<Target> {
    const target = resolveTarget(this.config, req)
    const lock = await this.locks.get(target.app, target.env)
    if (lock != null && lock.owner_id !== user.id) throw new BotError('conflict', `${lockText(lock)}; ask them, or wait.`)
    const running = await this.locks.running(target.app, target.env)
    if (running != null) throw new BotError('conflict', `${target.app} in ${target.env} is busy: deploy ${running.deploy_id} (${running.task}) is running; try again when it has finished.`)
    return target
  }

  /**
   * The precheck of a held request: check() and, for an app with a repo, the commit the ref
   * names with what changes and its CI state, pinned under `key` (pins.ts).
   */
  async prepare (req: DeployRequest, user: Requester, key: string): Promise<Prepared> {
    const target = await this.check(req, user)
    const repo = target.appConfig.repo
    return { target, change: repo != null ? await this.pins.prepare(target, repo, key) : null }
  }

  /** Accepts and starts a run; resolves once it has started (its end is tracked as work). */
  async start (req: DeployRequest, user: Requester, approvers: string[], post: Post, held: Held | null = null): Promise<RunRecord> {
    const target = await this.check(req, user)
    const repo = target.appConfig.repo
    const pin = repo != null ? await this.pins.toRun(target, repo, held) : null
    const id = await this.newId()
    const now = this.ctx.clock.now()
    const holder = await this.locks.claimRun({ app: target.app, env: target.env, deploy_id: id, user_id: user.id, task: target.task, since: now }, target.timeoutMs + RUN_LOCK_SLACK_MS)
    if (holder != null) throw new BotError('conflict', `${target.app} in ${target.env} is busy: deploy ${holder.deploy_id} (${holder.task}) is running; try again when it has finished.`)
    const run: RunRecord = {
      id, task: target.task, app: target.app, ref: target.ref, env: target.env, user, room: req.room, approvers, started_at: now,
      finished_at: null, result: 'running', exit_code: null, signal: null, cancelled_by: null, tail: [],
      ...(pin != null ? { sha: pin.sha } : {})
    }
    const log = this.log.child({ deploy_id: id, app: run.app, env: run.env, task: run.task })
    run.owner = this.instance
    const queue = isDetached(this.options.runner) ? this.options.runner : null
    if (queue != null) run.queued = true
    try {
      // Queued: the reporting lease first, so no other bot process adopts a run half recorded.
      if (queue != null) await queue.lease(id)
      else await this.beat(run.id)
      await this.history.saveActive(run)
      await this.options.audit({ event: 'deploy.started', actor_id: user.id, deploy_id: id, task: run.task, app: run.app, ref: run.ref, env: run.env, approvers })
    } catch (err) {
      this.unbeat(run.id)
      await this.locks.releaseRun(run.app, run.env, id)
      throw err
    }
    const argv = buildArgv(this.config, target, { user: user.id, deployId: id, sha: pin?.sha ?? '' })
    const deployEnv = { DEPLOY_ID: id, DEPLOY_APP: run.app, DEPLOY_REF: run.ref, DEPLOY_ENV: run.env, DEPLOY_TASK: run.task, DEPLOY_USER: user.id, ...(pin != null ? { DEPLOY_SHA: pin.sha } : {}) }
    log.info({ argv, cwd: this.config.dir, timeout_ms: target.timeoutMs }, 'deploy started')
    // Accepted and recorded: a chat failure now is logged, it does not strand the lock.
    const started = startedText(run, this.logUrl(id))
    await post(pin != null ? withChange(started, pin) : started).catch((err: unknown) => log.warn({ err }, 'deploy: the start message could not be posted'))
    const recorder = repo != null && run.sha != null && target.appConfig.github_deployments === true
      ? new GitHubDeployment(this.pins.client(), repo, { ...run, sha: run.sha }, this.logUrl(id), post, log, async deploymentId => await this.keepDeploymentId(run, deploymentId, log))
      : null
    if (recorder != null) void this.ctx.work.track(recorder.start())
    const handle = this.options.runner.start({ id, argv, cwd: this.config.dir, envNames: target.taskConfig.env, deployEnv, timeoutMs: target.timeoutMs })
    this.report(run, handle, target.timeoutMs, post, log, recorder)
    return run
  }

  /** Relays a run's lines and notices to the room, then records and reports its end (unless another process does). */
  private report (run: RunRecord, handle: RunHandle, timeoutMs: number, post: Post, log: Logger, recorder: GitHubDeployment | null): void {
    this.following.set(run.id, { run, timeoutMs })
    handle.on('line', (line, stream, seen) => {
      if (handle.logsOutput !== true && seen !== true) log.info({ stream, line }, 'deploy output')
      // What reaches chat (and the stored tail it is shown from) is scrubbed like the log
      // is, and kept to one printable line: a task may echo a token or colour codes.
      const shown = quoteInput(redactSecrets(line, this.secrets), 500)
      run.tail.push(shown)
      if (run.tail.length > TAIL_LINES) run.tail.shift()
      const chat = seen === true ? null : chatLine(shown)
      if (chat != null) this.poster.push(run.room, chat, post)
    })
    handle.on('notice', text => { post(text).catch((err: unknown) => log.warn({ err }, 'deploy: a notice could not be posted')) })
    void this.ctx.work.track(handle.done.then(async result => {
      // null: this process stopped reporting it (shutting down); another one reports the end.
      if (result == null) return
      await this.finish(run, result, timeoutMs, post, log)
      if (recorder != null) await this.ctx.work.track(recorder.finish(run.result))
    }).finally(() => this.following.delete(run.id)))
  }

  /** Stops a run; `here` is false when it is not running in this bot process. */
  async cancel (id: string, by: Requester): Promise<{ run: RunRecord | null, here: boolean }> {
    const run = await this.history.find(id)
    if (run == null || run.result !== 'running') return { run, here: false }
    // Who cancelled is read back when the run ends (a queue keeps it in Redis itself).
    const queued = isDetached(this.options.runner)
    if (!queued) this.cancellers.set(id, by)
    const here = await this.options.runner.cancel(id, by)
    if (!here) this.cancellers.delete(id)
    return { run, here }
  }

  private readonly cancellers = new Map<string, Requester>()

  private async finish (run: RunRecord, result: RunResult, timeoutMs: number, post: Post, log: Logger): Promise<void> {
    const canceller = result.cancelledBy ?? this.cancellers.get(run.id)
    this.cancellers.delete(run.id)
    const outcome: RunResultName = result.timedOut ? 'timed out' : result.cancelled ? 'cancelled' : result.code === 0 ? 'succeeded' : 'failed'
    if (result.error != null) run.tail.push(`could not start the program: ${result.error}`)
    Object.assign(run, { finished_at: this.ctx.clock.now(), result: outcome, exit_code: result.code, signal: result.signal, cancelled_by: canceller?.name ?? null })
    const level = outcome === 'succeeded' ? 'info' : 'warn'
    log[level]({ result: outcome, exit_code: result.code, signal: result.signal, duration_ms: (run.finished_at ?? run.started_at) - run.started_at, error: result.error }, `deploy ${outcome}`)
    recordRunEnd(this.robot, this.config, run)
    try {
      await this.history.finish(run)
      await this.options.audit({ event: 'deploy.finished', actor_id: canceller?.id ?? run.user.id, deploy_id: run.id, task: run.task, app: run.app, ref: run.ref, env: run.env, result: outcome, exit_code: result.code })
    } catch (err) {
      log.error({ err }, 'deploy: the result could not be stored')
    } finally {
      this.unbeat(run.id)
      await this.locks.releaseRun(run.app, run.env, run.id).catch((err: unknown) => log.error({ err }, 'deploy: the run lock could not be released'))
    }
    await this.poster.drain(run.room)
    await post(endedText(run, timeoutMs, this.logUrl(run.id))).catch((err: unknown) => log.warn({ err }, 'deploy: the end report could not be posted'))
  }

  /**
   * Keeps the Deployment's id on the in-flight record, for a restart to close it. GitHub may
   * answer after the run has ended: finish() sets the result before it stores the end, so a
   * run seen still running here has its write issued ahead of finish()'s removal of the
   * in-flight record (one store, in order), and an ended run is not made in-flight again.
   */
  private async keepDeploymentId (run: RunRecord, deploymentId: number, log: Logger): Promise<void> {
    if (run.result !== 'running') return
    run.github_deployment_id = deploymentId
    await this.history.saveActive(run).catch((err: unknown) => log.warn({ err }, 'deploy: the GitHub Deployment id could not be stored with the run'))
  }

  /**
   * Runs in flight when the bot stopped: marked interrupted, their locks released. Queued
   * runs go on on their worker: they are reported from where the last reporter stopped.
   */
  async recover (): Promise<RunRecord[]> {
    const stale: RunRecord[] = []
    const runner = this.options.runner
    if (isDetached(runner)) {
      watchQueue({
        runner,
        history: this.history,
        log: this.log,
        accepting: () => this.ctx.work.isAccepting,
        following: this.following,
        hold: async ({ run, timeoutMs }) => { await this.locks.extendRun(run.app, run.env, run.id, timeoutMs + RUN_LOCK_SLACK_MS) },
        adopt: (run, handle) => this.adopt(run, handle)
      })
    }
    for (const run of await this.history.active()) {
      if (run.queued === true) continue
      // Another bot process still running it (two bots on one Redis) is not interrupted.
      if (run.owner != null && await this.history.isAlive(run.owner)) continue
      stale.push(run)
      Object.assign(run, { result: 'interrupted', finished_at: this.ctx.clock.now() })
      recordRunEnd(this.robot, this.config, run)
      await this.history.finish(run)
      await this.locks.releaseRun(run.app, run.env, run.id)
      await this.options.audit({ event: 'deploy.finished', actor_id: 'system', deploy_id: run.id, task: run.task, app: run.app, ref: run.ref, env: run.env, result: 'interrupted' })
      this.log.warn({ deploy_id: run.id, app: run.app, env: run.env, task: run.task }, 'deploy was running when the bot stopped: marked interrupted, lock released')
      // GitHub is a bystander: its answer (or none) does not hold up the start.
      void this.ctx.work.track(this.closeDeployment(run))
    }
    return stale
  }

  /** Reports a queued run taken over from a reporter that stopped. */
  private adopt (run: RunRecord, handle: RunHandle): void {
    const log = this.log.child({ deploy_id: run.id, app: run.app, env: run.env, task: run.task })
    log.info('deploy: reporting a queued run whose reporter stopped')
    const task = this.config.apps[run.app]?.tasks[run.task]
    const post: Post = async text => await this.robot.messageRoom(run.room, text)
    this.report(run, handle, task != null ? timeoutOf(task) : 0, post, log, this.resumedDeployment(run, post, log))
  }

  /** The GitHub Deployment an adopted run already has, so its final status is still set. */
  private resumedDeployment (run: RunRecord, post: Post, log: Logger): GitHubDeployment | null {
    const app = this.config.apps[run.app]
    if (run.github_deployment_id == null || run.sha == null || app?.repo == null || app.github_deployments !== true) return null
    try {
      return new GitHubDeployment(this.pins.client(), app.repo, { ...run, sha: run.sha }, this.logUrl(run.id), post, log).resume(run.github_deployment_id)
    } catch (err) {
      log.warn({ err }, 'deploy: GitHub is not configured in this bot process, so the run\'s GitHub Deployment keeps its last status')
      return null
    }
  }

  /** Sets the GitHub Deployment of an interrupted run to error; a failure is logged, never thrown. */
  private async closeDeployment (run: RunRecord): Promise<void> {
    const deploymentId = run.github_deployment_id
    const app = this.config.apps[run.app]
    if (deploymentId == null || app?.repo == null || app.github_deployments !== true) return
    const log = this.log.child({ deploy_id: run.id, repo: app.repo, github_deployment_id: deploymentId })
    try {
      if (this.options.github == null) throw new BotError('not_configured', 'no GitHub client')
      await markInterrupted(this.options.github(), app.repo, { ...run, github_deployment_id: deploymentId }, this.logUrl(run.id))
    } catch (err) {
      if (err instanceof BotError && err.code === 'not_configured') log.warn({ err }, 'deploy: GitHub is not configured, so the interrupted run\'s GitHub Deployment stays in_progress')
      else log.warn({ err }, 'deploy: the interrupted run\'s GitHub Deployment could not be set to error')
    }
  }

  /** Marks this process alive now and, while it has runs, every BEAT_MS (a real timer: Redis TTLs are real time). */
  private async beat (id: string): Promise<void> {
    this.mine.add(id)
    await this.history.markAlive(this.instance, ALIVE_MS)
    this.heartbeat ??= setInterval(() => {
      this.history.markAlive(this.instance, ALIVE_MS).catch((err: unknown) => this.log.warn({ err }, 'deploy: could not say this bot is alive'))
    }, BEAT_MS).unref()
  }

  private unbeat (id: string): void {
    this.mine.delete(id)
    if (this.mine.size === 0 && this.heartbeat != null) {
      clearInterval(this.heartbeat)
      this.heartbeat = null
    }
  }

  private async newId (): Promise<string> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const id = newShortId()
      if (await this.history.reserveId(id)) return id
    }
    throw new BotError('unavailable', 'I could not find a free deploy id; try again.')
  }
}
