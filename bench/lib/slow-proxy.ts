// A proxy that answers `delayMs` after each request arrives: a vendor API with real-world
// latency in front of a local fake, for both sides alike. A GET's answer is fetched from
// the fake once per URL and credentials and replayed (the fakes answer ~2 ms a request
// on one core: a burst of 500 would otherwise measure the fake, not the bot).
import http from 'node:http'
import type { AddressInfo } from 'node:net'

export interface SlowProxy { url: string, close (): Promise<void> }

interface Answer { status: number, headers: http.IncomingHttpHeaders, body: Buffer }

export async function startSlowProxy (target: string, delayMs: number): Promise<SlowProxy> {
  const to = new URL(target)
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 })
  const gets = new Map<string, Promise<Answer>>()

  const forward = async (req: http.IncomingMessage, body: Buffer): Promise<Answer> => await new Promise((resolve, reject) => {
    const out = http.request({
      host: to.hostname, port: to.port, method: req.method, path: `${to.pathname.replace(/\/$/, '')}${req.url ?? '/'}`, headers: { ...req.headers, host: to.host }, agent
    }, (answer) => {
      const chunks: Buffer[] = []
      answer.on('data', (c: Buffer) => chunks.push(c))
      answer.on('end', () => resolve({ status: answer.statusCode ?? 502, headers: answer.headers, body: Buffer.concat(chunks) }))
    })
    out.on('error', reject)
    out.end(body)
  })

  const server = http.createServer((req, res) => {
    const arrived = performance.now()
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      let answer: Promise<Answer>
      if (req.method === 'GET') {
        const key = `${req.headers.authorization ?? ''} ${req.url ?? ''}`
        answer = gets.get(key) ?? forward(req, Buffer.alloc(0))
        gets.set(key, answer)
      } else {
        answer = forward(req, Buffer.concat(chunks))
      }
      answer.then((a) => {
        setTimeout(() => {
          const headers = { ...a.headers }
          delete headers['transfer-encoding']
          delete headers.connection
          delete headers['keep-alive']
          res.writeHead(a.status, { ...headers, 'content-length': a.body.length })
          res.end(a.body)
        }, Math.max(0, arrived + delayMs - performance.now()))
      }, () => { res.writeHead(502).end() })
    })
  })
  server.keepAliveTimeout = 60_000
  // A burst of hundreds of new connections must not overflow the accept queue.
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', 2048, resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}${to.pathname.replace(/\/$/, '')}`,
    async close () { agent.destroy(); server.closeAllConnections(); await new Promise(resolve => server.close(resolve)) }
  }
}
