// The pino transport that runs in the log-shipping worker thread (plain JavaScript: a
// worker thread loads it without the TypeScript loader). It wraps pino-elasticsearch for
// two things that library leaves out: the end of the stream waits for the last batch (its
// own stream closes, and the worker exits, while that batch is still being sent), and
// documents Elasticsearch refused for good are reported to the main thread, which counts
// and logs them with the lines it dropped itself.
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
function tunedClient ({ maxRetries, requestTimeoutMs, retryBackoffMs }, tell) {
  return class TunedClient extends Client {
    constructor (opts) {
      super({
        ...opts,
        maxRetries,
        requestTimeout: requestTimeoutMs,
        ...(retryBackoffMs != null ? { retryBackoff: () => retryBackoffMs / 1000 } : {})
      })
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
  const splitter = pinoElasticsearch(options, { Client: tunedClient(options, tell) })
  splitter.on('insertError', () => tell('shipping-refused', [1]))
  // A failed bulk run (Elasticsearch unreachable after the client's retries) ends the stream.
  let failed = null
  splitter.on('error', (err) => { failed = err; tell('shipping-failed', [String(err?.message ?? err)]) })
  splitter.on('unknown', () => tell('shipping-refused', [1]))
  return new Writable({
    write (chunk, _enc, done) {
      if (failed != null) { done(); return }
      if (splitter.write(chunk)) done()
      else splitter.once('drain', () => done())
    },
    final (done) {
      if (failed != null) { done(); return }
      splitter.once('insert', () => done())
      splitter.once('error', () => done())
      splitter.end()
    }
  })
}
