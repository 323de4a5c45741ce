// GET /hubot/metrics: the bot's Prometheus metrics in the text exposition format. The route
// is left out of the server's basic auth (a scraper may hold only a bearer token) and
// checks its own: the HTTP basic auth credentials or `Authorization: Bearer
// <HUBOT_METRICS_TOKEN>`. With neither configured it stays closed: the metrics name the
// bot's commands and vendors, which are nobody else's business.
import type { Robot } from 'hubot'
import type { Registry } from 'prom-client'
import { sameSecret } from './webhooks/verify.ts'

export const METRICS_PATH = '/hubot/metrics'

export interface MetricsAccess {
  basicAuth: { user: string, password: string } | null
  token: string | null
}

export function allowed (header: string | undefined, access: MetricsAccess): boolean {
  const value = header ?? ''
  let ok = false
  if (access.token != null && value.startsWith('Bearer ')) ok = sameSecret(value.slice(7), access.token)
  if (access.basicAuth != null && value.startsWith('Basic ')) {
    ok = sameSecret(Buffer.from(value.slice(6), 'base64').toString(), `${access.basicAuth.user}:${access.basicAuth.password}`)
  }
  return ok
}

/** `registry` is called at each scrape: the metrics are built when first used, not at start. */
export function registerMetricsRoute (robot: Robot, registry: () => Registry, access: MetricsAccess): void {
  robot.router.get(METRICS_PATH, async (req, res) => {
    if (access.basicAuth == null && access.token == null) {
      res.status(403).json({ error: 'metrics are off: set HUBOT_METRICS_TOKEN (or EXPRESS_USER and EXPRESS_PASSWORD) to scrape them' })
      return
    }
    if (!allowed(req.headers.authorization, access)) {
      if (access.basicAuth != null) res.set('WWW-Authenticate', 'Basic realm="hubot"')
      res.status(401).json({ error: 'unauthorized' })
      return
    }
    const metrics = registry()
    res.set('content-type', metrics.contentType).send(await metrics.metrics())
  })
}
