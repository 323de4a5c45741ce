// A Response over bytes already read. Built without a body stream: making a stream for
// each answer (only to read it back at once) was a large part of a vendor request's own
// cost in a burst. The reading methods answer from the bytes, as often as asked; `body`
// makes a stream only for a caller that asks for one.

const utf8 = new TextDecoder()

export class BufferedResponse extends Response {
  readonly #bytes: ArrayBuffer | null
  readonly #url: string

  /** `url`: where the answer came from (after redirects), as fetch's Response.url says. */
  constructor (bytes: ArrayBuffer | null, init: ResponseInit, url = '') {
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
