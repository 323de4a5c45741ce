// A Response over bytes already read. Built without a body stream: making a stream for
// each answer (only to read it back at once) was a large part of a vendor request's own
// cost in a burst. The reading methods answer from the bytes, as often as asked; `body`
// makes a stream only for a caller that asks for one.
//
// The class is made at the first answer, not when this module loads: naming Response (or
// Headers) makes Node load its fetch implementation, whose start-up work (its HTTP parser
// compiled in the background) would land on every start and first idle seconds, vendor
// configured or not.

const utf8 = new TextDecoder()

/** Statuses whose Response may not carry a body. */
export const NO_BODY = new Set([101, 204, 205, 304])

type BufferedClass = new (bytes: ArrayBuffer | null, init: ResponseInit, url: string) => Response
let made: BufferedClass | null = null

function bufferedClass (): BufferedClass {
  made ??= class BufferedResponse extends Response {
    readonly #bytes: ArrayBuffer | null
    readonly #url: string

    constructor (bytes: ArrayBuffer | null, init: ResponseInit, url: string) {
      super(null, init)
      this.#bytes = bytes
      this.#url = url
    }

    override get url (): string { return this.#url }

    override get body (): ReadableStream<Uint8Array<ArrayBuffer>> | null {
      return this.#bytes == null ? null : new Response(this.#bytes).body
    }

    override async arrayBuffer (): Promise<ArrayBuffer> { return this.#bytes?.slice(0) ?? new ArrayBuffer(0) }
    override async text (): Promise<string> { return this.#bytes == null ? '' : utf8.decode(this.#bytes) }
    override async json (): Promise<unknown> { return JSON.parse(await this.text()) }
    override async blob (): Promise<Blob> { return new Blob(this.#bytes == null ? [] : [this.#bytes], { type: this.headers.get('content-type') ?? '' }) }
    override clone (): Response { return new BufferedResponse(this.#bytes, { status: this.status, statusText: this.statusText, headers: this.headers }, this.#url) }
  }
  return made
}

/** `url`: where the answer came from (after redirects), as fetch's Response.url says. */
export function bufferedResponse (bytes: ArrayBuffer | null, init: ResponseInit, url = ''): Response {
  return new (bufferedClass())(bytes, init, url)
}

/** Whether `response` is one of these: its body is in memory already. */
export function isBuffered (response: Response): boolean {
  return made != null && response instanceof made
}
