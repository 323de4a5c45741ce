// One request whose answer is read whole before the time is up: the status and headers
// and the body too, so a vendor that stalls mid-body is a timeout like one that never
// answers. The answer comes back as a Response that holds its body in memory.

// Statuses whose Response may not carry a body.
const NO_BODY = new Set([101, 204, 205, 304])

const utf8 = new TextDecoder()

/**
 * A Response over bytes already read. Built without a body stream: making a stream for
 * each answer (only to read it back at once) was a large part of a vendor request's own
 * cost in a burst. The reading methods answer from the bytes; `body` makes a stream only
 * for a caller that asks for one.
 */
class BufferedResponse extends Response {
  readonly #bytes: ArrayBuffer | null

  constructor (bytes: ArrayBuffer | null, init: ResponseInit) {
    super(null, init)
    this.#bytes = bytes
  }

  override get body (): ReadableStream<Uint8Array<ArrayBuffer>> | null {
    return this.#bytes == null ? null : new Response(this.#bytes).body
  }

  override async arrayBuffer (): Promise<ArrayBuffer> { return this.#bytes?.slice(0) ?? new ArrayBuffer(0) }
  override async text (): Promise<string> { return this.#bytes == null ? '' : utf8.decode(this.#bytes) }
  override async json (): Promise<unknown> { return JSON.parse(await this.text()) }
  override async blob (): Promise<Blob> { return new Blob(this.#bytes == null ? [] : [this.#bytes], { type: this.headers.get('content-type') ?? '' }) }
  override clone (): Response { return new BufferedResponse(this.#bytes, { status: this.status, statusText: this.statusText, headers: this.headers }) }
}

export async function fetchBuffered (fetchImpl: typeof fetch, input: RequestInfo | URL, init: RequestInit, timeoutMs: number): Promise<Response> {
  const timer = AbortSignal.timeout(timeoutMs)
  const signal = init.signal != null ? AbortSignal.any([init.signal, timer]) : timer
  const answer = await fetchImpl(input, { ...init, signal })
  const body = NO_BODY.has(answer.status) ? null : await answer.arrayBuffer()
  return new BufferedResponse(body, { status: answer.status, statusText: answer.statusText, headers: answer.headers })
}
