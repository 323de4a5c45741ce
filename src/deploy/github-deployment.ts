// A run as a GitHub Deployment (github_deployments: true), so the deploy history shows on
// the repository's environments page: created on the exact sha, then in_progress, then
// success / failure / error. GitHub is a bystander here: its calls run in the background,
// one after another (statuses must arrive in order), never holding the run up; a failure
// is logged and said once in the room, and the calls after it are skipped.
import { formatError } from '../core/errors.ts'
import type { Logger } from '../core/log.ts'
import type { GitHubClient } from '../services/github/index.ts'
import type { RunRecord, RunResultName } from './history.ts'

type Post = (text: string) => Promise<unknown>
/** Told the Deployment's id once GitHub created it (to keep it with the run); never rejects. */
type Created = (id: number) => Promise<void>
type State = 'in_progress' | 'success' | 'failure' | 'error'

const stateOf = (result: RunResultName): State =>
  result === 'succeeded' ? 'success' : result === 'failed' || result === 'timed out' ? 'failure' : 'error'

export class GitHubDeployment {
  private id: number | null = null
  private broken = false
  private chain: Promise<void> = Promise.resolve()

  constructor (
    private readonly gh: GitHubClient,
    private readonly repo: string,
    private readonly run: RunRecord & { sha: string },
    private readonly logUrl: string | null,
    private readonly post: Post,
    private readonly log: Logger,
    private readonly created: Created = async () => {}
  ) {}

  /** Queues the Deployment and its in_progress status; returns the queue (for work tracking), never rejects. */
  start (): Promise<void> {
    const [owner, name] = this.repo.split('/')
    return this.then(async () => {
      this.id = await this.gh.createDeployment(owner, name, {
        sha: this.run.sha,
        environment: this.run.env,
        task: this.run.task,
        payload: { deploy_id: this.run.id, user: this.run.user.name, user_id: this.run.user.id },
        description: `${this.run.task} ${this.run.app}/${this.run.ref} by ${this.run.user.name} (deploy ${this.run.id})`
      })
      await this.created(this.id)
      await this.status('in_progress')
    })
  }

  /** Takes over a Deployment another bot process created for this run (a queued run it now reports). */
  resume (deploymentId: number): this {
    this.id = deploymentId
    return this
  }

  /** Queues the final status for the run's result. */
  finish (result: RunResultName): Promise<void> {
    return this.then(async () => { await this.status(stateOf(result)) })
  }

  private async status (state: State): Promise<void> {
    if (this.id == null) return
    const [owner, name] = this.repo.split('/')
    await this.gh.createDeploymentStatus(owner, name, this.id, { state, logUrl: this.logUrl, description: `deploy ${this.run.id}: ${state.replace('_', ' ')}` })
  }

  private then (step: () => Promise<void>): Promise<void> {
    this.chain = this.chain.then(async () => {
      if (this.broken) return
      try {
        await step()
      } catch (err) {
        this.broken = true
        const why = formatError(err) ?? 'an unexpected error'
        this.log.warn({ err, repo: this.repo, github_deployment_id: this.id }, 'deploy: GitHub Deployments could not be updated; the deploy goes on')
        await this.post(`GitHub Deployments: deploy ${this.run.id} could not be recorded in ${this.repo} (${why}); the deploy itself goes on.`)
          .catch((e: unknown) => this.log.warn({ err: e }, 'deploy: a chat line could not be posted'))
      }
    })
    return this.chain
  }
}

/**
 * Closes the Deployment of a run the bot stopped in the middle of (found at the next start):
 * nothing else would ever move it on from in_progress.
 */
export async function markInterrupted (gh: GitHubClient, repo: string, run: RunRecord & { github_deployment_id: number }, logUrl: string | null): Promise<void> {
  const [owner, name] = repo.split('/')
  await gh.createDeploymentStatus(owner, name, run.github_deployment_id, { state: 'error', logUrl, description: `deploy ${run.id}: interrupted (the bot stopped)` })
}
