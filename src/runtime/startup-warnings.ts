// Configurations that run, but not as the operator will expect: logged at start, and
// printed by --config-check (which still says OK).
import type { Config } from '../core/config.ts'

export function startupWarnings (config: Config): string[] {
  const warnings: string[] = []
  // A dyno's disk is replaced at every restart (at least daily), so the embedded files go too.
  if (config.bot.dyno != null && config.persistence.redis == null) {
    warnings.push('DYNO is set (Heroku) but REDIS_URL is not: the brain and store are files on the dyno\'s disk, which Heroku discards at every restart (at least daily), ' +
      'so roles, pending approvals and the audit trail would be lost. Add Heroku Redis (it sets REDIS_URL) and HUBOT_REDIS_ALLOW_SELF_SIGNED=true')
  }
  return warnings
}
