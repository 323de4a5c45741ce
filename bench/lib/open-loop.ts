// An open-loop load generator: sends request i at start + i / rate, whether or not the
// earlier ones were answered (a closed loop would slow down with the server and hide its
// latency), and times each from its send to the response's status line.
import http from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'

export interface Request { path: string, body: string, headers: Record<string, string> }
export interface Timed { ms: number, status: number }

export async function openLoop (port: number, requests: Request[], perSecond: number): Promise<Timed[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 })
  const results: Array<Promise<Timed>> = []
  const started = performance.now()
  try {
    for (let i = 0; i < requests.length; i++) {
      const due = started + (i * 1000) / perSecond
      const wait = due - performance.now()
      if (wait > 1) await sleep(wait)
      results.push(send(agent, port, requests[i]))
    }
    return await Promise.all(results)
  } finally {
    agent.destroy()
  }
}

async function send (agent: http.Agent, port: number, request: Request): Promise<Timed> {
  return await new Promise<Timed>((resolve) => {
    const sent = performance.now()
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: request.path, agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(request.body), ...request.headers } }, (res) => {
      const ms = performance.now() - sent
      res.resume()
      res.on('end', () => resolve({ ms, status: res.statusCode ?? 0 }))
    })
    req.on('error', () => resolve({ ms: performance.now() - sent, status: 0 }))
    req.end(request.body)
  })
}
