// The buffered fetch under every vendor request: the answer read whole under the timeout,
// then served from memory by a Response that behaves like one read from the network.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { fetchBuffered } from '../../src/services/http/buffered-fetch.ts'

let server: http.Server
let base = ''

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/json') {
      res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'r-1' })
      res.end(JSON.stringify({ incidents: [{ id: 'P1', title: 'Disk ✓ full' }] }))
    } else if (req.url === '/empty') {
      res.writeHead(204)
      res.end()
    } else if (req.url === '/stall') {
      // Headers at once, then half a body and nothing more.
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' })
      res.write('{"incidents": [')
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' })
      res.end('no such thing')
    }
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise(resolve => server.close(resolve))
})

describe('fetchBuffered', () => {
  test('keeps status and headers, and its body can be read as JSON, text and bytes, more than once', async () => {
    const answer = await fetchBuffered(fetch, `${base}/json`, {}, 5_000)
    expect(answer).toBeInstanceOf(Response)
    expect([answer.status, answer.ok, answer.headers.get('x-request-id')]).toEqual([200, true, 'r-1'])
    expect(await answer.json()).toEqual({ incidents: [{ id: 'P1', title: 'Disk ✓ full' }] })
    expect(await answer.text()).toBe('{"incidents":[{"id":"P1","title":"Disk ✓ full"}]}')
    expect(new TextDecoder().decode(await answer.arrayBuffer())).toBe('{"incidents":[{"id":"P1","title":"Disk ✓ full"}]}')
    expect(await new Response(answer.body).json()).toEqual({ incidents: [{ id: 'P1', title: 'Disk ✓ full' }] })
    const copy = answer.clone()
    expect([copy.status, copy.headers.get('content-type'), await copy.text()]).toEqual([200, 'application/json', await answer.text()])
    expect((await answer.blob()).type).toBe('application/json')
  })

  test('a 204 has no body, and an error status keeps its text', async () => {
    const empty = await fetchBuffered(fetch, `${base}/empty`, {}, 5_000)
    expect([empty.status, empty.body, await empty.text()]).toEqual([204, null, ''])
    const missing = await fetchBuffered(fetch, `${base}/missing`, {}, 5_000)
    expect([missing.status, missing.ok, await missing.text()]).toEqual([404, false, 'no such thing'])
  })

  test('a body that stalls after the headers ends in a timeout, not a hang', async () => {
    await expect(fetchBuffered(fetch, `${base}/stall`, {}, 150)).rejects.toMatchObject({ name: 'TimeoutError' })
  })
})
