// The bot's own chat scripts, imported by name rather than by path. A start from the
// bundled build (one file holding every module) must not load a script from its own
// file: that script would bring a second copy of every module it imports (its own bot
// context, metrics, turns), apart from the bundle's. Under tsx and the plain build these
// imports are the same modules hubot's loadFile would import. Every file in scripts/ is
// listed here: a test compares the two.
import type { Robot } from 'hubot'

type ScriptModule = { default: (robot: Robot) => unknown }

export const OWN_SCRIPTS: Record<string, () => Promise<ScriptModule>> = {
  approvals: async () => await import('../../scripts/approvals.ts'),
  deploy: async () => await import('../../scripts/deploy.ts'),
  github: async () => await import('../../scripts/github.ts'),
  help: async () => await import('../../scripts/help.ts'),
  'notify-ci': async () => await import('../../scripts/notify-ci.ts'),
  'notify-github': async () => await import('../../scripts/notify-github.ts'),
  'notify-pagerduty': async () => await import('../../scripts/notify-pagerduty.ts'),
  'notify-zendesk': async () => await import('../../scripts/notify-zendesk.ts'),
  pagerduty: async () => await import('../../scripts/pagerduty.ts'),
  roles: async () => await import('../../scripts/roles.ts'),
  zendesk: async () => await import('../../scripts/zendesk.ts')
}
