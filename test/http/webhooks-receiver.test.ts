// The receiver's mechanics over real HTTP: 202 before the work, which shutdown waits for;
// 503 when the receiver is not configured, while shutting down, or when the store does not
// answer (and the sender's retry then goes through); 413 past a vendor's size cap, 400 for
// a body that is not the expected shape, 200 "ignored" for events nobody asked for.
import { afterEach, describe, expect, test } from '@jest/globals'
import { sign } from '@octokit/webhooks-methods'
import { ManualClock, startTestBot, type TestBot } from '../helpers/bot.ts'
import { post } from '../helpers/webhooks.ts'
import { MemoryStore, type Claim, type WriteOptions } from '../../src/store/index.ts'
import { ALL_ENV, ALL_SCRIPTS, SECRETS, plainPush, validDelivery } from './webhook-deliveries.ts'

let bot: TestBot | undefined
afterEach(async () => { await bot?.stop(); bot = undefined })

async function allBot (options: { env?: Record<string, string>, store?: MemoryStore, clock?: ManualClock } = {}): Promise<TestBot> {
  bot = await startTestBot({ httpd: true, clock: options.clock, store: options.store, scripts: ALL_SCRIPTS, env: { ...ALL_ENV, ...options.env } })
  return bot
}

class FlakyStore extends MemoryStore {
  down = true
  async setIfAbsent (key: string, value: unknown, options?: { ttlMs?: number }): Promise<boolean> {
    if (this.down) throw new Error('connect ECONNREFUSED 127.0.0.1:6379')
    return await super.setIfAbsent(key, value, options)
  }
}

// A file store's claims: decided at once, saved when the test says (and how).
class SlowSaveStore extends MemoryStore {
  private readonly saves: Array<{ resolve: () => void, reject: (err: Error) => void }> = []
  async claim (key: string, value: unknown, options?: WriteOptions): Promise<Claim> {
    const claim = await super.claim(key, value, options)
    const durable = new Promise<void>((resolve, reject) => { this.saves.push({ resolve, reject }) })
    return { won: claim.won, durable }
  }

  save (err?: Error): void {
    const next = this.saves.shift()!
    if (err == null) next.resolve()
    else next.reject(err)
  }
}

describe('answering first, working after', () => {
  test('202 comes before the claim is saved; the announcement waits for the save, and is made even when the save fails', async () => {
    const clock = new ManualClock()
    const store = new SlowSaveStore({ clock })
    const b = await allBot({ clock, store })
    const first = await validDelivery('ci', clock.now())
    expect((await post(b, first.path, first.body, first.headers)).status).toBe(202)
    await new Promise(resolve => setTimeout(resolve, 50))
    expect(b.said()).toEqual([])
    store.save()
    await b.context.work.idle()
    expect(b.said()).toHaveLength(1)

    const second = await validDelivery('ci', clock.now())
    expect((await post(b, second.path, second.body, second.headers)).status).toBe(202)
    store.save(new Error('ENOSPC: no space left on device'))
    await b.context.work.idle()
    expect(b.said()).toHaveLength(2)
  })

  test('202 comes back before the announcement is made; stop() waits for the announcement', async () => {
    const clock = new ManualClock()
    const b = await allBot({ clock })
    let release!: () => void
    const held = new Promise<void>(resolve => { release = resolve })
    const send = b.adapter.send.bind(b.adapter)
    b.adapter.send = async (...args) => { await held; await send(...args) }

    const d = await validDelivery('ci', clock.now())
    const res = await post(b, d.path, d.body, d.headers)
    expect(res.status).toBe(202)
    expect(b.said()).toEqual([])
    expect(b.context.work.size).toBe(1)

    let stopped = false
    const stopping = b.stop().then(() => { stopped = true })
    await new Promise(resolve => setTimeout(resolve, 50))
    expect(stopped).toBe(false)
    release()
    await stopping
    expect(b.said()).toEqual([expect.stringMatching(/^CI failed: api #\d+ on main, failing: unit: https:\/\/ci\.example\.com\/browse\/API-\d+$/)])
    bot = undefined
  })

  test('while shutting down, deliveries get 503 with Retry-After, so the sender delivers them to the next process', async () => {
    const clock = new ManualClock()
    const b = await allBot({ clock })
    b.context.work.stopAccepting()
    const d = await validDelivery('github', clock.now())
    const res = await fetch(`http://127.0.0.1:${b.http!.port}${d.path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...d.headers }, body: d.body })
    expect([res.status, res.headers.get('retry-after'), await res.json()]).toEqual([503, '30', { error: 'shutting down' }])
    expect(b.said()).toEqual([])
  })
})

describe('refusals', () => {
  test('a receiver that is not configured answers 503 naming what to set, and announces nothing', async () => {
    const b = await allBot({ env: { HUBOT_GITHUB_WEBHOOK_SECRET: '', HUBOT_PAGERDUTY_ROOM: '' } })
    const gh = await validDelivery('github', 0)
    expect(await post(b, gh.path, gh.body, gh.headers)).toEqual({ status: 503, body: { error: 'not configured', set: 'HUBOT_GITHUB_WEBHOOK_SECRET' } })
    const pd = await validDelivery('pagerduty', 0)
    expect(await post(b, pd.path, pd.body, pd.headers)).toEqual({ status: 503, body: { error: 'not configured', set: 'HUBOT_PAGERDUTY_ROOM' } })
    await b.context.work.idle()
    expect(b.said()).toEqual([])
  })

  test('when the shared store does not answer: 503 (nothing recorded, nothing announced); the retry is then accepted', async () => {
    const clock = new ManualClock()
    const store = new FlakyStore({ clock })
    const b = await allBot({ clock, store })
    const d = await validDelivery('pagerduty', clock.now())
    expect(await post(b, d.path, d.body, d.headers)).toEqual({ status: 503, body: { error: 'storage unavailable; retry later' } })
    store.down = false
    expect((await post(b, d.path, d.body, d.headers)).status).toBe(202)
    await b.context.work.idle()
    expect(b.said()).toHaveLength(1)
  })

  test('a body over the vendor\'s cap is refused with 413 (CI: 64 KB), a body that is no JSON object with 400', async () => {
    const b = await allBot()
    const big = JSON.stringify({ pipeline: 'api', build: '1', status: 'passed', url: 'https://ci.example.com/1', pad: 'x'.repeat(70_000) })
    expect(await post(b, '/hubot/ci', big, { authorization: `Bearer ${SECRETS.ci}` })).toEqual({ status: 413, body: { error: 'payload too large' } })
    const text = 'not json'
    expect(await post(b, '/hubot/github', text, { 'x-github-event': 'push', 'x-github-delivery': 'd-1', 'x-hub-signature-256': await sign(SECRETS.github, text) }))
      .toEqual({ status: 400, body: { error: 'bad request', problem: 'the body is not a JSON object (nor a form with one in its payload field)' } })
    await b.context.work.idle()
    expect(b.said()).toEqual([])
  })

  test('a delivery without its signature header is refused before the body is read (401, not the 413 reading it would give)', async () => {
    const b = await allBot()
    const big = JSON.stringify({ pad: 'x'.repeat(200_000) })
    expect(await post(b, '/hubot/ci', big, {})).toEqual({ status: 401, body: { error: 'unauthorized', reason: 'no authorization header' } })
    expect(await post(b, '/hubot/ci', big, { authorization: 'Bearer wrong' })).toEqual({ status: 413, body: { error: 'payload too large' } })
    expect(await post(b, '/hubot/github', big, { 'x-github-event': 'push', 'x-github-delivery': 'd-2' })).toEqual({ status: 401, body: { error: 'unauthorized', reason: 'no x-hub-signature-256 header' } })
  })
})

describe('GitHub specifics', () => {
  test('a form-encoded delivery (payload=<json>) is verified over the form bytes and announced', async () => {
    const b = await allBot()
    const form = new URLSearchParams({ payload: JSON.stringify(plainPush()) }).toString()
    const res = await post(b, '/hubot/github', form, {
      'content-type': 'application/x-www-form-urlencoded', 'x-github-event': 'push', 'x-github-delivery': 'form-1', 'x-hub-signature-256': await sign(SECRETS.github, form)
    })
    expect(res.status).toBe(202)
    await b.context.work.idle()
    expect(b.said()[0]).toMatch(/^Codertocat pushed 1 commit to master in Codertocat\/Hello-World/)
  })

  test('ping and events not announced answer 200 "ignored" with the reason, and are not recorded', async () => {
    const b = await allBot()
    const ping = JSON.stringify({ zen: 'Keep it logically awesome.', hook_id: 1 })
    expect(await post(b, '/hubot/github', ping, { 'x-github-event': 'ping', 'x-github-delivery': 'ping-1', 'x-hub-signature-256': await sign(SECRETS.github, ping) }))
      .toEqual({ status: 200, body: { status: 'ignored', reason: 'ping: the webhook reaches the bot and its signature checks out' } })
    const star = JSON.stringify({ action: 'created', repository: { full_name: 'acme/api' } })
    expect(await post(b, '/hubot/github', star, { 'x-github-event': 'star', 'x-github-delivery': 'star-1', 'x-hub-signature-256': await sign(SECRETS.github, star) }))
      .toEqual({ status: 200, body: { status: 'ignored', reason: 'star:created is not announced (HUBOT_GITHUB_EVENTS)' } })
    expect(await b.context.store.keys('webhook:')).toEqual([])
    expect(b.said()).toEqual([])
  })
})
