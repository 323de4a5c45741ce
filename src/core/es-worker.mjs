// The pino transport that runs in the log-shipping worker thread (plain JavaScript: a
// worker thread loads it without the TypeScript loader). It wraps pino-elasticsearch for
// three things that library leaves out: the end of the stream waits for the last batch (its
// own stream closes, and the worker exits, while that batch is still being sent),
// documents Elasticsearch refused for good are reported to the main thread, which counts
// and logs them with the lines it dropped itself, and shipping resumes after a failure
// (pino-elasticsearch's stream is done for once its bulk run fails).
import { createRequire } from 'node:module'
import { Writable } from 'node:stream'
import { parentPort } from 'node:worker_threads'
import pinoElasticsearch from 'pino-elasticsearch'

// The client pino-elasticsearch itself loads (it is its dependency, not ours).
const { Client } = createRequire(createRequire(import.meta.url).resolve('pino-elasticsearch'))('@elastic/elasticsearch')

// pino-elasticsearch hands the client only node, auth and TLS: retries, the request timeout
// and the wait between retries are set here, so a down Elasticsearch is given up on in a
// bounded time (and the main thread told) instead of after the client's defaults. A bulk
// request that fails for good loses its batch: the bulk helper only says so (ends with an
// error) when the next line arrives, and never says how many lines it held, so they are
// counted here as refused.
function tunedClient ({ maxRetries, requestTimeoutMs, retryBackoffMs }, tell, made) {
  return class TunedClient extends Client {
    constructor (opts) {
      super({
        ...opts,
        maxRetries,
        requestTimeout: requestTimeoutMs,
        ...(retryBackoffMs != null ? { retryBackoff: () => retryBackoffMs / 1000 } : {})
      })
      made(this)
    }

    async bulk (params, opts) {
      try {
        return await super.bulk(params, opts)
      } catch (err) {
        // The helper sends action/document line pairs.
        tell('shipping-refused', [Math.floor((params?.body?.length ?? 0) / 2)])
        throw err
      }
    }
  }
}

export default function esWorker (options) {
  const tell = (name, args) => { parentPort?.postMessage({ code: 'EVENT', name, args }) }
  const resumeAfterMs = options.resumeAfterMs ?? 30_000
  let splitter = null
  let client = null
  // failed: the current bulk run failed (Elasticsearch unreachable after the client's
  // retries); failedAt: when. Lines until the pause is over are discarded and counted; the
  // main thread holds its lines back for the same pause, so these are the ones already sent.
  let failed = null
  let failedAt = 0
  let discarded = 0
  // A fresh splitter (and bulk run) with its listeners; the old one's events are ignored.
  const open = () => {
    const old = client
    const current = pinoElasticsearch(options, { Client: tunedClient(options, tell, (c) => { client = c }) })
    old?.close().catch(() => {})
    const mine = (fn) => (...args) => { if (splitter === current) fn(...args) }
    current.on('insertError', mine(() => tell('shipping-refused', [1])))
    current.on('error', mine((err) => { failed = err; failedAt = Date.now(); tell('shipping-failed', [String(err?.message ?? err)]) }))
    current.on('unknown', mine(() => tell('shipping-refused', [1])))
    splitter = current
    failed = null
  }
  open()
  return new Writable({
    write (chunk, _enc, done) {
      if (failed != null) {
        if (Date.now() - failedAt < resumeAfterMs) { discarded++; done(); return }
        open()
        tell('shipping-resumed', [discarded])
        discarded = 0
      }
      const current = splitter
      if (current.write(chunk)) { done(); return }
      // A bulk run that fails while the splitter is full never drains it.
      const go = () => { current.off('drain', go); current.off('error', go); done() }
      current.once('drain', go)
      current.once('error', go)
    },
    final (done) {
      if (failed != null) { client?.close().catch(() => {}); done(); return }
      const current = splitter
      current.once('insert', () => done())
      current.once('error', () => done())
      current.end()
    }
  })
}
