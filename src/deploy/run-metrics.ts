// Counts ended deploy runs into the robot's metrics (chatops_deploys_total and
// chatops_deploy_duration_seconds). Labels are only names the deploy config defines and the
// result word: a run read back from the store after a restart may name an app, env or task
// since removed from the file, and is then counted under "other", so a stale or tampered
// record cannot add series.
import type { Robot } from 'hubot'
import { metricsOf } from '../core/metrics.ts'
import type { DeployConfig } from './config.ts'
import type { RunRecord } from './history.ts'

export function recordRunEnd (robot: Robot, config: DeployConfig, run: RunRecord): void {
  const metrics = metricsOf(robot)
  if (metrics == null || run.result === 'running') return
  const app = config.apps[run.app]
  const labels = {
    app: app != null ? run.app : 'other',
    env: app?.environments[run.env] != null ? run.env : 'other',
    task: app?.tasks[run.task] != null ? run.task : 'other',
    // "timed out" as one word, like the other label values.
    result: run.result.replace(' ', '_')
  }
  metrics.deploys.inc(labels)
  // An interrupted run ended at some unknown time while the bot was down: its "duration"
  // would be the downtime, so it is counted but not observed.
  if (run.result !== 'interrupted' && run.finished_at != null) metrics.deploySeconds.observe(labels, Math.max(0, run.finished_at - run.started_at) / 1000)
}
