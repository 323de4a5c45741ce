// The fetch octokit is given: the bot context's fetch (tests point it at a fake), each
// request bounded by HUBOT_GITHUB_TIMEOUT with the body read under the same timer (a body
// that stalls is a timeout too), and one debug line per request with the method, path,
// status and time: never a header (the token) or the query (searches name people).
import type { Logger } from '../../core/log.ts'
import { fetchBuffered } from '../http/buffered-fetch.ts'

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

export function timedFetch (fetchImpl: typeof fetch, timeoutMs: number, log: Logger): typeof fetch {
  return async (input, init = {}) => {
    const method = init.method ?? 'GET'
    const path = new URL(input instanceof Request ? input.url : String(input)).pathname
    const started = performance.now()
    try {
      const answer = await fetchBuffered(fetchImpl, input, init, timeoutMs)
      log.debug({ method, path, status: answer.status, ms: Math.round(performance.now() - started) }, 'GitHub request')
      return answer
    } catch (err) {
      log.warn({ method, path, ms: Math.round(performance.now() - started), err }, 'GitHub request failed')
      if ((err as Error).name === 'TimeoutError') throw new GitHubTimeout(timeoutMs)
      throw err
    }
  }
}
