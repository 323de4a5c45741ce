// GitHub's primary rate limits as the fake keeps them: a budget per resource and fixed window
// (core 5,000 an hour, search 30 a minute for a token; 60 an hour without one), reported on
// every answer as x-ratelimit-limit/remaining/reset/used/resource; a request past the budget
// gets 403 with x-ratelimit-remaining: 0 until the reset time
// (https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api).
import type { Reply } from './reply.ts'
import type { Obj } from './state.ts'

export type Resource = 'core' | 'search'
export interface Bucket { limit: number, used: number, /** epoch seconds */ reset: number, windowSeconds: number }

const RATE_DOCS = 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api'
const DEFAULTS: Record<Resource | 'anonymous', [number, number]> = { core: [5000, 3600], search: [30, 60], anonymous: [60, 3600] }

export class RateLimits {
  private readonly buckets = new Map<Resource | 'anonymous', Bucket>()
  constructor (private readonly now: () => number, private readonly limits: Partial<Record<Resource, number>> = {}) { this.reset() }

  reset (): void {
    for (const [name, [limit, windowSeconds]] of Object.entries(DEFAULTS) as Array<[Resource | 'anonymous', [number, number]]>) {
      this.buckets.set(name, { limit: name === 'anonymous' ? limit : this.limits[name] ?? limit, used: 0, reset: this.seconds() + windowSeconds, windowSeconds })
    }
  }

  /** The bucket, its window renewed when the reset time has passed. */
  bucket (name: Resource | 'anonymous'): Bucket {
    const b = this.buckets.get(name)!
    if (this.seconds() >= b.reset) Object.assign(b, { used: 0, reset: this.seconds() + b.windowSeconds })
    return b
  }

  exhausted (name: Resource): boolean { const b = this.bucket(name); return b.used >= b.limit }
  count (name: Resource | 'anonymous'): void { this.bucket(name).used++ }
  /** Uses up the budget, so the next requests meet a real primary limit (until `reset`). */
  exhaust (name: Resource): void { const b = this.bucket(name); b.used = b.limit }

  headers (name: Resource | 'anonymous'): Record<string, string> {
    const b = this.bucket(name)
    return {
      'x-ratelimit-limit': String(b.limit), 'x-ratelimit-remaining': String(Math.max(b.limit - b.used, 0)),
      'x-ratelimit-reset': String(b.reset), 'x-ratelimit-used': String(b.used), 'x-ratelimit-resource': name === 'anonymous' ? 'core' : name
    }
  }

  /** GET /rate_limit: the example's resources, with core and search (and `rate`, the same as core) as counted. */
  overview (template: Obj): Obj {
    const view = (name: Resource): Obj => { const b = this.bucket(name); return { limit: b.limit, used: b.used, remaining: Math.max(b.limit - b.used, 0), reset: b.reset } }
    const later = this.seconds() + 3600
    const resources = Object.fromEntries(Object.entries(template.resources as Obj).map(([k, v]) => [k, { ...v, used: 0, remaining: v.limit, reset: later }]))
    return { ...template, resources: { ...resources, core: view('core'), search: view('search') }, rate: view('core') }
  }

  primaryError (userId: number, requestId: string, status: number): Reply {
    const at = new Date(this.now()).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC')
    const message = `API rate limit exceeded for user ID ${userId}. If you reach out to GitHub Support for help, please include the request ID ${requestId} and timestamp ${at}.`
    return { status, op: null, body: { message, documentation_url: RATE_DOCS, status: String(status) } }
  }

  secondaryError (requestId: string, status: number): Reply {
    const message = `You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID ${requestId}.`
    return { status, op: null, body: { message, documentation_url: `${RATE_DOCS}#about-secondary-rate-limits`, status: String(status) } }
  }

  private seconds (): number { return Math.floor(this.now() / 1000) }
}
