// GET /hubot/health over real HTTP: 200 when persistence answers, 503 when it does not.
import { afterEach, describe, expect, test } from '@jest/globals'
import { startTestBot, type TestBot } from '../helpers/bot.ts'
import { MemoryStore } from '../../src/store/index.ts'

let bot: TestBot | undefined
afterEach(async () => { await bot?.stop(); bot = undefined })

class DownStore extends MemoryStore {
  async ping (): Promise<void> { throw new Error('connection refused') }
}

describe('health', () => {
  test('answers 200 with the adapter, uptime and persistence status, and no secrets', async () => {
    bot = await startTestBot({ httpd: true, env: { HUBOT_PAGERDUTY_API_KEY: 'pd-secret-key', EXPRESS_USER: 'ops', EXPRESS_PASSWORD: 'pw-secret' } })
    const res = await fetch(`http://127.0.0.1:${bot.http?.port}/hubot/health`)
    expect(res.status).toBe(200)
    const text = await res.text()
    expect(JSON.parse(text)).toEqual({ status: 'ok', adapter: 'test', uptime_s: expect.any(Number), brain: 'ok', store: 'ok' })
    expect(text).not.toMatch(/secret/)
  })

  test('answers 503 when the store is down', async () => {
    bot = await startTestBot({ httpd: true, store: new DownStore() })
    const res = await fetch(`http://127.0.0.1:${bot.http?.port}/hubot/health`)
    expect(res.status).toBe(503)
    expect(await res.json()).toMatchObject({ status: 'degraded', brain: 'ok', store: 'error' })
  })

  test('other routes need basic auth when EXPRESS_USER is set; health does not', async () => {
    bot = await startTestBot({ httpd: true, env: { EXPRESS_USER: 'ops', EXPRESS_PASSWORD: 'pw' } })
    bot.robot.router.get('/hubot/private', (_req, res) => { res.json({ ok: true }) })
    const base = `http://127.0.0.1:${bot.http?.port}`
    expect((await fetch(`${base}/hubot/private`)).status).toBe(401)
    expect((await fetch(`${base}/hubot/private`, { headers: { authorization: `Basic ${Buffer.from('ops:wrong').toString('base64')}` } })).status).toBe(401)
    expect((await fetch(`${base}/hubot/private`, { headers: { authorization: `Basic ${Buffer.from('ops:pw').toString('base64')}` } })).status).toBe(200)
    expect((await fetch(`${base}/hubot/health`)).status).toBe(200)
  })

  test('a bad request body or a failing route answers without a stack trace or file paths', async () => {
    bot = await startTestBot({ httpd: true })
    bot.robot.router.post('/hubot/fails', () => { throw new Error('route broke at /work/secret/path') })
    const base = `http://127.0.0.1:${bot.http?.port}`
    const bad = await fetch(`${base}/hubot/fails`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"half' })
    expect(bad.status).toBe(400)
    const badText = await bad.text()
    const broken = await fetch(`${base}/hubot/fails`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
    expect(broken.status).toBe(500)
    const brokenText = await broken.text()
    expect(JSON.parse(badText)).toEqual({ error: 'bad request' })
    expect(JSON.parse(brokenText)).toEqual({ error: 'internal server error' })
    const big = await fetch(`${base}/hubot/fails`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pad: 'x'.repeat(2_000_000) }) })
    expect([big.status, await big.json()]).toEqual([413, { error: 'payload too large' }])
    for (const text of [badText, brokenText]) {
      expect(text).not.toMatch(/ at |node_modules|\/work\/|SyntaxError|route broke/)
    }
    expect(bot.logs.lines.find(l => l.msg === 'http request failed' && (l.err as { message?: string }).message?.includes('route broke'))).toBeDefined()
  })
})
