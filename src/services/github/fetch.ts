// The fetch octokit is given: the bot context's fetch (tests point it at a fake), each
// request bounded by HUBOT_GITHUB_TIMEOUT with the body read under the same timer (a body
// that stalls is a timeout too), and one debug line per request with the method, path,
// status and time: never a header (the token) or the query (searches name people).
import type { Logger } from '../../core/log.ts'

/**
 * A request that got no answer in time. Named AbortError because octokit passes an error
 * of that name through as it is: not retried (the user has already waited the whole
 * timeout once) and not rewrapped as a RequestError claiming a 500.
 */
export class GitHubTimeout extends Error {
  constructor (readonly timeoutMs: number) {
    super(`no answer from GitHub within ${timeoutMs} ms`)
    this.name = 'AbortError'
  }
}

// Statuses whose Response may not carry a body.
const NO_BODY = new Set([101, 204, 205, 304])

export function timedFetch (fetchImpl: typeof fetch, timeoutMs: number, log: Logger): typeof fetch {
  return async (input, init = {}) => {
    const timer = AbortSignal.timeout(timeoutMs)
    const signal = init.signal != null ? AbortSignal.any([init.signal, timer]) : timer
    const method = init.method ?? 'GET'
    const path = new URL(input instanceof Request ? input.url : String(input)).pathname
    const started = performance.now()
    try {
      const answer = await fetchImpl(input, { ...init, signal })
      const body = NO_BODY.has(answer.status) ? null : await answer.arrayBuffer()
      log.debug({ method, path, status: answer.status, ms: Math.round(performance.now() - started) }, 'GitHub request')
      return new Response(body, { status: answer.status, statusText: answer.statusText, headers: answer.headers })
    } catch (err) {
      log.warn({ method, path, ms: Math.round(performance.now() - started), err }, 'GitHub request failed')
      if (timer.aborted) throw new GitHubTimeout(timeoutMs)
      throw err
    }
  }
}
