// A proxy that answers `delayMs` late: a vendor API with real-world latency in front of a
// local fake, for both sides alike.
import http from 'node:http'
import type { AddressInfo } from 'node:net'

export interface SlowProxy { url: string, close (): Promise<void> }

export async function startSlowProxy (target: string, delayMs: number): Promise<SlowProxy> {
  const to = new URL(target)
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1024 })
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      setTimeout(() => {
        const forward = http.request({
          host: to.hostname, port: to.port, method: req.method, path: `${to.pathname.replace(/\/$/, '')}${req.url ?? '/'}`, headers: { ...req.headers, host: to.host }, agent
        }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers)
          answer.pipe(res)
        })
        forward.on('error', () => { res.writeHead(502).end() })
        forward.end(Buffer.concat(chunks))
      }, delayMs)
    })
  })
  server.keepAliveTimeout = 60_000
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}${to.pathname.replace(/\/$/, '')}`,
    async close () { agent.destroy(); server.closeAllConnections(); await new Promise(resolve => server.close(resolve)) }
  }
}
