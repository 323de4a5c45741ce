// The bot's default fetch (undici's request API under fetch's interface): what vendor
// clients and octokit rely on from fetch, against real servers on 127.0.0.1.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import zlib from 'node:zlib'
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { vendorFetch } from '../../src/services/http/vendor-fetch.ts'
import { fetchBuffered } from '../../src/services/http/buffered-fetch.ts'

interface Seen { method: string, url: string, headers: http.IncomingHttpHeaders, body: string }

const seen: Seen[] = []
let main: http.Server
let other: http.Server
let base = ''
let otherBase = ''
const PAYLOAD = JSON.stringify({ incidents: [{ id: 'P1', title: 'Disk full ✓' }] })

function handler (req: http.IncomingMessage, res: http.ServerResponse): void {
  let body = ''
  req.setEncoding('utf8')
  req.on('data', (d: string) => { body += d })
  req.on('end', () => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body })
    const route = (req.url ?? '').split('?')[0]
    const json = { 'content-type': 'application/json' }
    switch (route) {
      case '/json': res.writeHead(200, { ...json, 'set-cookie': ['a=1', 'b=2'] }); res.end(PAYLOAD); return
      case '/gzip': res.writeHead(200, { ...json, 'content-encoding': 'gzip' }); res.end(zlib.gzipSync(PAYLOAD)); return
      case '/br': res.writeHead(200, { ...json, 'content-encoding': 'br' }); res.end(zlib.brotliCompressSync(PAYLOAD)); return
      case '/deflate': res.writeHead(200, { ...json, 'content-encoding': 'deflate' }); res.end(zlib.deflateSync(PAYLOAD)); return
      case '/empty': res.writeHead(204); res.end(); return
      case '/here': res.writeHead(302, { location: '/json?moved=1' }); res.end('moved'); return
      case '/elsewhere': res.writeHead(301, { location: `${otherBase}/json` }); res.end(); return
      case '/see-other': res.writeHead(303, { location: '/json' }); res.end(); return
      case '/temporary': res.writeHead(307, { location: '/json' }); res.end(); return
      case '/loop': res.writeHead(302, { location: '/loop' }); res.end(); return
      case '/stall': res.writeHead(200, { ...json, 'content-length': '100' }); res.write('{"incidents": ['); return
      default: res.writeHead(404, { 'content-type': 'text/plain' }); res.end('no such thing')
    }
  })
}

async function listen (server: http.Server): Promise<string> {
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

beforeAll(async () => {
  main = http.createServer(handler)
  other = http.createServer(handler)
  base = await listen(main)
  otherBase = await listen(other)
})

afterAll(async () => {
  for (const server of [main, other]) {
    server.closeAllConnections()
    await new Promise(resolve => server.close(resolve))
  }
})

const last = (): Seen => seen[seen.length - 1]

describe('vendorFetch', () => {
  test('a GET: the query as given, the caller\'s headers plus fetch\'s defaults; status, every header and the body back', async () => {
    const answer = await vendorFetch(`${base}/json?statuses%5B%5D=triggered&limit=100`, { headers: { Authorization: 'Token token=abc' } })
    expect(last()).toMatchObject({ method: 'GET', url: '/json?statuses%5B%5D=triggered&limit=100', headers: { authorization: 'Token token=abc', 'accept-encoding': 'gzip, deflate, br', 'user-agent': 'node' } })
    expect([answer.status, answer.ok, answer.statusText, answer.url]).toEqual([200, true, 'OK', `${base}/json?statuses%5B%5D=triggered&limit=100`])
    expect(answer.headers.getSetCookie()).toEqual(['a=1', 'b=2'])
    expect(await answer.json()).toEqual(JSON.parse(PAYLOAD))
  })

  test('bodies as fetch takes them: a string, bytes, form parameters, and a Request\'s own body', async () => {
    await vendorFetch(`${base}/json`, { method: 'post', headers: { 'content-type': 'application/json' }, body: '{"a":1}' })
    expect(last()).toMatchObject({ method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json' } })
    await vendorFetch(`${base}/json`, { method: 'PUT', body: new TextEncoder().encode('bytes ✓') })
    expect(last()).toMatchObject({ method: 'PUT', body: 'bytes ✓' })
    await vendorFetch(`${base}/json`, { method: 'POST', body: new URLSearchParams({ q: 'a b' }) })
    expect(last()).toMatchObject({ body: 'q=a+b', headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' } })
    // As the vendor transport sends one: a Request, with the headers given again in init.
    const request = new Request(`${base}/json`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"b":2}' })
    await vendorFetch(request, { headers: { 'content-type': 'application/json', authorization: 'Bearer t' } })
    expect(last()).toMatchObject({ method: 'PUT', body: '{"b":2}', headers: { authorization: 'Bearer t' } })
  })

  test('a form body, which only fetch itself encodes, goes through fetch and comes back read whole the same way', async () => {
    const form = new FormData()
    form.set('note', 'disk full ✓')
    const answer = await vendorFetch(`${base}/json`, { method: 'POST', body: form })
    expect(last().headers['content-type']).toMatch(/^multipart\/form-data; boundary=/)
    expect(last().body).toContain('disk full ✓')
    expect(await answer.json()).toEqual(JSON.parse(PAYLOAD))
    expect(await answer.text()).toBe(PAYLOAD)
  })

  test.each(['gzip', 'br', 'deflate'])('a %s answer is decoded', async (coding) => {
    const answer = await vendorFetch(`${base}/${coding}`)
    expect(await answer.json()).toEqual(JSON.parse(PAYLOAD))
  })

  test('204 and HEAD answers have no body; an error status keeps its text', async () => {
    const empty = await vendorFetch(`${base}/empty`)
    expect([empty.status, empty.body]).toEqual([204, null])
    const head = await vendorFetch(`${base}/json`, { method: 'HEAD' })
    expect([head.status, head.body]).toEqual([200, null])
    const missing = await vendorFetch(`${base}/missing`)
    expect([missing.status, missing.ok, missing.statusText, await missing.text()]).toEqual([404, false, 'Not Found', 'no such thing'])
  })

  describe('redirects, as fetch follows them', () => {
    test('within the origin: followed with the authorization kept; the answer names where it came from', async () => {
      const answer = await vendorFetch(`${base}/here`, { headers: { authorization: 'Bearer t' } })
      expect([answer.status, answer.url]).toEqual([200, `${base}/json?moved=1`])
      expect(last()).toMatchObject({ url: '/json?moved=1', headers: { authorization: 'Bearer t' } })
    })

    test('to another origin: the authorization is not sent there', async () => {
      const answer = await vendorFetch(`${base}/elsewhere`, { headers: { authorization: 'Bearer t', accept: 'application/json' } })
      expect(answer.url).toBe(`${otherBase}/json`)
      expect(last().headers.authorization).toBeUndefined()
      expect(last().headers.accept).toBe('application/json')
    })

    test('a 303 after a POST is a GET without the body; a 307 repeats the POST with it', async () => {
      await vendorFetch(`${base}/see-other`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' })
      expect(last()).toMatchObject({ method: 'GET', body: '' })
      expect(last().headers['content-type']).toBeUndefined()
      await vendorFetch(`${base}/temporary`, { method: 'POST', body: '{"a":1}' })
      expect(last()).toMatchObject({ method: 'POST', body: '{"a":1}' })
    })

    test('a loop fails as fetch does; redirect "manual" returns the redirect itself', async () => {
      await expect(vendorFetch(`${base}/loop`)).rejects.toMatchObject({ name: 'TypeError', message: 'fetch failed', cause: { message: 'redirect count exceeded' } })
      const manual = await vendorFetch(`${base}/here`, { redirect: 'manual' })
      expect([manual.status, manual.headers.get('location')]).toEqual([302, '/json?moved=1'])
    })
  })

  test('a refused connection is a TypeError "fetch failed" with the cause', async () => {
    const closed = http.createServer()
    const url = await listen(closed)
    await new Promise(resolve => closed.close(resolve))
    await expect(vendorFetch(`${url}/json`)).rejects.toMatchObject({ name: 'TypeError', message: 'fetch failed', cause: { code: 'ECONNREFUSED' } })
  })

  test('the signal: already aborted, or timing out while the body stalls, fails with its reason', async () => {
    const controller = new AbortController()
    controller.abort()
    await expect(vendorFetch(`${base}/json`, { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' })
    await expect(fetchBuffered(vendorFetch, `${base}/stall`, {}, 150)).rejects.toMatchObject({ name: 'TimeoutError' })
  })

  test('through fetchBuffered, its answer is returned as it is (read once, under the timeout)', async () => {
    const answer = await fetchBuffered(vendorFetch, `${base}/gzip`, {}, 5_000)
    expect(await answer.json()).toEqual(JSON.parse(PAYLOAD))
    expect(await answer.text()).toBe(PAYLOAD)
  })
})
