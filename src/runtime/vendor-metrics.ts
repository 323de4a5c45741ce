// Counts and times every vendor request by service and status class. It wraps the one
// fetch the bot hands every vendor client (botContext(robot).fetch), so PagerDuty and
// Zendesk (through services/http/transport.ts) and GitHub (through octokit) are all
// measured in one place, each attempt on its own (a 429 waited out is two requests). The
// service is named by the configured API URL the request goes to, never by the URL itself.
import type { Clock } from '../core/clock.ts'
import type { Config } from '../core/config.ts'
import { statusClass, type Metrics } from '../core/metrics.ts'

function apiUrls (config: Config): Array<[string, string]> {
  const urls: Array<[string, string | null]> = [
    ['pagerduty', config.pagerduty.enabled ? config.pagerduty.apiUrl : null],
    ['zendesk', config.zendesk.enabled ? config.zendesk.apiUrl : null],
    ['github', config.github.enabled ? config.github.apiUrl : null]
  ]
  return urls.filter((u): u is [string, string] => u[1] != null)
}

export function measuredFetch (fetchImpl: typeof fetch, metrics: Metrics, config: Config, clock: Clock): typeof fetch {
  const services = apiUrls(config)
  const serviceOf = (url: string): string => services.find(([, base]) => url.startsWith(base))?.[0] ?? 'other'
  // One label object per service and status class (a handful), not one per request:
  // a burst of commands makes hundreds of requests at once.
  const labelSets = new Map<string, { service: string, status_class: string }>()
  const labelsOf = (service: string, status: number | null): { service: string, status_class: string } => {
    const statusClassName = statusClass(status)
    const key = `${service} ${statusClassName}`
    let labels = labelSets.get(key)
    if (labels == null) labelSets.set(key, labels = { service, status_class: statusClassName })
    return labels
  }
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    const service = serviceOf(url)
    const started = clock.now()
    const observe = (status: number | null): void => {
      const labels = labelsOf(service, status)
      metrics.vendorRequests.inc(labels)
      metrics.vendorSeconds.observe(labels, Math.max(0, clock.now() - started) / 1000)
    }
    try {
      const response = await fetchImpl(input, init)
      observe(response.status)
      return response
    } catch (err) {
      observe(null)
      throw err
    }
  }
}
