// Adapter names to adapter modules. hubot would import('slack') for `-a slack`; we map
// the names ourselves and import anything else as a package exposing use(robot).
import type { AdapterModule } from 'hubot'
import type { Config } from '../core/config.ts'
import type { Logger } from '../core/log.ts'
import { terminalAdapter } from './terminal.ts'

export interface AdapterDeps { config: Config, log: Logger, onEnd: () => void }

export async function resolveAdapter (name: string, deps: AdapterDeps): Promise<AdapterModule> {
  switch (name.toLowerCase()) {
    case 'shell':
    case 'terminal':
      return terminalAdapter({ onEnd: deps.onEnd })
    case 'slack': {
      const { slackAdapter } = await import('./slack/index.ts')
      return slackAdapter(deps)
    }
    default: {
      const mod = await import(name) as { default?: AdapterModule, use?: AdapterModule['use'] }
      const adapter = mod.default ?? (mod.use != null ? { use: mod.use } : undefined)
      if (adapter?.use == null) throw new Error(`adapter package "${name}" does not export use(robot)`)
      return adapter
    }
  }
}
