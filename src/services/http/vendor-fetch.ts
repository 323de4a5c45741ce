// The fetch the bot hands every vendor client by default (PagerDuty, Zendesk, GitHub):
// fetch's interface and behaviour over undici's request API. Node's own fetch builds a
// Request, an AbortSignal, WHATWG streams and a Response for every call; in a burst of
// commands that was most of a request's cost on our side. This one reads the answer
// whole (fetchBuffered does so under its timeout) into a BufferedResponse, and keeps what
// vendors and octokit rely on from fetch: redirects followed (the authorization header
// dropped when one leaves the origin), gzip/deflate/br answers decoded, the signal obeyed
// (its reason is the error, as fetch's), other failures a TypeError "fetch failed".
import { STATUS_CODES } from 'node:http'
import { createRequire } from 'node:module'
import { promisify } from 'node:util'
import zlib from 'node:zlib'
import type { Dispatcher } from 'undici'
import { NO_BODY, bufferedResponse } from './buffered-response.ts'

// Loaded at the first vendor request, not at start: undici is a tenth of a second and
// 10 MiB that a bot with no vendor configured, or one just starting, does not need.
const load = createRequire(import.meta.url)
let undici: typeof import('undici') | null = null

const MAX_REDIRECTS = 20
const REDIRECT = new Set([301, 302, 303, 307, 308])
// Request headers a redirect to another origin must not carry (fetch's own list).
const CROSS_ORIGIN_DROPPED = ['authorization', 'proxy-authorization', 'cookie']

const decoders: Record<string, (bytes: Buffer) => Promise<Buffer>> = {
  gzip: (b) => promisify(zlib.gunzip)(b, { finishFlush: zlib.constants.Z_SYNC_FLUSH }),
  'x-gzip': (b) => promisify(zlib.gunzip)(b, { finishFlush: zlib.constants.Z_SYNC_FLUSH }),
  // zlib-wrapped, as the HTTP spec says; some servers send it raw.
  deflate: (b) => promisify(zlib.inflate)(b).catch(async () => await promisify(zlib.inflateRaw)(b)),
  br: (b) => promisify(zlib.brotliDecompress)(b)
}

type Body = string | Uint8Array | null

/** The request body as undici takes it, or undefined for a kind only fetch itself handles (forms, streams). */
async function bodyOf (input: RequestInfo | URL, init: RequestInit, headers: Headers): Promise<Body | undefined> {
  const body = init.body !== undefined ? init.body : input instanceof Request && input.body != null ? await input.arrayBuffer() : null
  if (body == null || typeof body === 'string') return body ?? null
  if (body instanceof ArrayBuffer) return new Uint8Array(body)
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength)
  if (body instanceof URLSearchParams) {
    if (!headers.has('content-type')) headers.set('content-type', 'application/x-www-form-urlencoded;charset=UTF-8')
    return body.toString()
  }
  if (body instanceof Blob) {
    if (!headers.has('content-type') && body.type !== '') headers.set('content-type', body.type)
    return new Uint8Array(await body.arrayBuffer())
  }
  return undefined
}

async function decoded (bytes: Buffer, encoding: string | undefined): Promise<Buffer> {
  if (encoding == null || bytes.length === 0) return bytes
  // Codings apply in the order listed, so they come off in reverse; an unknown one is left as it is, as fetch does.
  for (const coding of encoding.toLowerCase().split(',').map(c => c.trim()).reverse()) {
    const decode = decoders[coding]
    if (decode == null) return bytes
    bytes = await decode(bytes)
  }
  return bytes
}

function responseHeaders (raw: Record<string, string | string[] | undefined>): Array<[string, string]> {
  const pairs: Array<[string, string]> = []
  for (const [name, value] of Object.entries(raw)) {
    if (Array.isArray(value)) for (const one of value) pairs.push([name, one])
    else if (value !== undefined) pairs.push([name, value])
  }
  return pairs
}

function headerObject (headers: Headers): Record<string, string> {
  const out: Record<string, string> = {}
  headers.forEach((value, name) => { out[name] = value })
  return out
}

/** dispatcher: where requests go; default one keep-alive Agent for this fetch, made at its first request. */
export function createVendorFetch (dispatcher?: Dispatcher): typeof fetch {
  return async (input, init = {}) => {
    const { Agent, request } = undici ??= load('undici') as typeof import('undici')
    dispatcher ??= new Agent()
    let url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url)
    let method = (init.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase()
    const headers = new Headers(init.headers ?? (input instanceof Request ? input.headers : undefined))
    let body = await bodyOf(input, init, headers)
    // Forms and streams: fetch itself, read whole the same way.
    if (body === undefined) {
      const answer = await fetch(input, init)
      return bufferedResponse(NO_BODY.has(answer.status) ? null : await answer.arrayBuffer(), answer, answer.url)
    }
    if (!headers.has('accept-encoding')) headers.set('accept-encoding', 'gzip, deflate, br')
    if (!headers.has('user-agent')) headers.set('user-agent', 'node')
    const signal = init.signal ?? undefined
    for (let redirects = 0; ; redirects++) {
      signal?.throwIfAborted()
      let answer: Dispatcher.ResponseData
      try {
        answer = await request(url, { method: method as Dispatcher.HttpMethod, headers: headerObject(headers), body, signal, dispatcher })
      } catch (err) {
        if (signal?.aborted === true) throw signal.reason
        throw new TypeError('fetch failed', { cause: err })
      }
      const { statusCode: status } = answer
      const location = answer.headers.location
      if (REDIRECT.has(status) && typeof location === 'string' && init.redirect !== 'manual') {
        await answer.body.dump()
        if (init.redirect === 'error') throw new TypeError('fetch failed', { cause: new Error(`redirected (${status}) while redirect is "error"`) })
        if (redirects === MAX_REDIRECTS) throw new TypeError('fetch failed', { cause: new Error('redirect count exceeded') })
        const next = new URL(location, url)
        if (next.origin !== url.origin) for (const name of CROSS_ORIGIN_DROPPED) headers.delete(name)
        // As fetch: a 303 (other than to HEAD), or a 301/302 after a POST, is followed by a GET without the body.
        if ((status === 303 && method !== 'HEAD') || ((status === 301 || status === 302) && method === 'POST')) {
          method = 'GET'
          body = null
          for (const name of ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location']) headers.delete(name)
        }
        url = next
        continue
      }
      let bytes: Buffer
      try {
        bytes = Buffer.from(await answer.body.arrayBuffer())
        const encoding = answer.headers['content-encoding']
        bytes = await decoded(bytes, Array.isArray(encoding) ? encoding.join(',') : encoding)
      } catch (err) {
        if (signal?.aborted === true) throw signal.reason
        throw new TypeError('fetch failed', { cause: err })
      }
      const hasBody = !NO_BODY.has(status) && method !== 'HEAD'
      const data = hasBody ? bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer : null
      return bufferedResponse(data, { status, statusText: STATUS_CODES[status] ?? '', headers: responseHeaders(answer.headers) }, url.href)
    }
  }
}

/** One per process: its keep-alive connections are shared by every vendor client. */
export const vendorFetch = createVendorFetch()
