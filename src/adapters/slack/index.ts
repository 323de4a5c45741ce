// Placeholder until the Slack wiring lands (issue 4).
import type { AdapterModule } from 'hubot'
import type { AdapterDeps } from '../index.ts'

export function slackAdapter (_deps: AdapterDeps): AdapterModule {
  throw new Error('the Slack adapter is not built yet')
}
