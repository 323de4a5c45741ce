// One request whose answer is read whole before the time is up: the status and headers
// and the body too, so a vendor that stalls mid-body is a timeout like one that never
// answers. The answer comes back as a Response that holds its body in memory.
import { NO_BODY, bufferedResponse, isBuffered } from './buffered-response.ts'

export async function fetchBuffered (fetchImpl: typeof fetch, input: RequestInfo | URL, init: RequestInit, timeoutMs: number): Promise<Response> {
  const timer = AbortSignal.timeout(timeoutMs)
  const signal = init.signal != null ? AbortSignal.any([init.signal, timer]) : timer
  const answer = await fetchImpl(input, { ...init, signal })
  // The bot's own fetch (vendor-fetch.ts) has read the body already, under this signal.
  if (isBuffered(answer)) return answer
  const body = NO_BODY.has(answer.status) ? null : await answer.arrayBuffer()
  return bufferedResponse(body, { status: answer.status, statusText: answer.statusText, headers: answer.headers }, answer.url)
}
