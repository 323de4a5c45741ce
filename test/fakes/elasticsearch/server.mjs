// The fake Elasticsearch's HTTP side, in its own process: the bot's log-shipping worker
// ends with thread-stream's end(), which blocks the main thread until the last batch is
// sent, so a fake in the test's own thread could never answer it. Plain JavaScript, run
// with node by fake-elasticsearch.ts; reports each request to the parent over IPC.
import { createServer } from 'node:http'

let mode = process.argv[2] ?? 'ok'
const stalled = []
process.on('message', (msg) => {
  if (msg?.mode == null) return
  mode = msg.mode
  process.send({ mode })
})

const server = createServer((req, res) => {
  const chunks = []
  req.on('data', (c) => chunks.push(c))
  req.on('end', () => {
    res.setHeader('x-elastic-product', 'Elasticsearch')
    res.setHeader('content-type', 'application/json')
    const body = Buffer.concat(chunks).toString()
    process.send({ request: { method: req.method, url: req.url, headers: req.headers, body } })
    if (mode === 'stall') { stalled.push(res); return }
    if (mode === 'unavailable') { res.statusCode = 503; res.end('{"error":"unavailable"}'); return }
    // pino-elasticsearch refreshes the data stream once its stream ends.
    if (/^\/[^/]+\/_refresh$/.test(req.url ?? '')) { res.end('{"_shards":{"total":1,"successful":1,"failed":0}}'); return }
    if (req.method !== 'POST' || !/\/_bulk(\?|$)/.test(req.url ?? '')) { res.statusCode = 404; res.end('{}'); return }
    const pairs = body.split('\n').filter(l => l !== '')
    const items = []
    for (let i = 0; i + 1 < pairs.length; i += 2) {
      try { items.push({ [Object.keys(JSON.parse(pairs[i]))[0]]: { status: 201, result: 'created' } }) } catch { items.push({ create: { status: 400 } }) }
    }
    res.end(JSON.stringify({ took: 1, errors: false, items }))
  })
})
server.listen(0, '127.0.0.1', () => process.send({ url: `http://127.0.0.1:${server.address().port}` }))
process.on('disconnect', () => { for (const r of stalled) r.destroy(); server.closeAllConnections(); server.close(); process.exit(0) })
