// The vendor fakes in their own process, each behind a proxy answering `latencyMs` late,
// so their CPU never lands on the event loop being measured. Reports the environment
// that points a bot at them, then serves until killed.
import { startFakes } from '../lib/fakes.ts'
import { startSlowProxy } from '../lib/slow-proxy.ts'
import { report } from '../lib/child.ts'

export interface FakesReport { env: Record<string, string>, pagerduty: { url: string, token: string } }

const latencyMs = Number(process.argv[2] ?? 0)
const fakes = await startFakes()
const pagerduty = await startSlowProxy(fakes.pagerduty.url, latencyMs)
const zendesk = await startSlowProxy(fakes.zendesk.url, latencyMs)
const github = await startSlowProxy(fakes.github.url, latencyMs)
const env = { ...fakes.env, HUBOT_PAGERDUTY_API_URL: pagerduty.url, HUBOT_ZENDESK_URL: zendesk.url, HUBOT_GITHUB_API: github.url }
report({ env, pagerduty: { url: pagerduty.url, token: fakes.pagerduty.token } } satisfies FakesReport, { stay: true })
