// The pino transport that runs in the log-shipping worker thread (plain JavaScript: a
// worker thread loads it without the TypeScript loader). It wraps pino-elasticsearch for
// two things that library leaves out: the end of the stream waits for the last batch (its
// own stream closes, and the worker exits, while that batch is still being sent), and
// documents Elasticsearch refused for good are reported to the main thread, which counts
// and logs them with the lines it dropped itself.
import { Writable } from 'node:stream'
import { parentPort } from 'node:worker_threads'
import pinoElasticsearch from 'pino-elasticsearch'

export default function esWorker (options) {
  const splitter = pinoElasticsearch(options)
  const tell = (name, args) => { parentPort?.postMessage({ code: 'EVENT', name, args }) }
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
