// A local fake Slack on 127.0.0.1: the Web API over HTTP (form or JSON bodies, bearer
// token) and the Socket Mode WebSocket (hello, events_api and interactive envelopes,
// acks, disconnect). Tests drive it: emit events, read what the bot posted, make the
// next call fail the way Slack fails. Socket Mode envelope shapes:
// https://docs.slack.dev/apis/events-api/using-socket-mode
import { EventEmitter } from 'node:events'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import { answer, slackError, type Answer, type Member, type SlackState } from './web-api.ts'

export interface ApiCall { method: string, token?: string, params: Record<string, unknown>, contentType: string }
export interface Ack { envelope_id: string, payload?: unknown }

export class FakeSlack extends EventEmitter {
  readonly state: SlackState = {
    team: { id: 'T0FAKE', name: 'Fake Team' },
    bot: { userId: 'UBOT', botId: 'BBOT', handle: 'opsbot', appId: 'A0FAKE' },
    appToken: 'xapp-1-A0FAKE-1-fake',
    botToken: 'xoxb-1-fake',
    members: [],
    channels: [],
    joined: new Set(),
    posted: [],
    nextTs: 0
  }

  readonly calls: ApiCall[] = []
  readonly acks: Ack[] = []
  /** Every WebSocket connection the bot opened, in order. */
  readonly connections: WebSocket[] = []
  private readonly failures = new Map<string, Answer[]>()
  private readonly holds = new Map<string, Promise<void>>()
  private readonly server: Server = createServer((req, res) => { void this.handle(req, res) })
  private readonly wss = new WebSocketServer({ noServer: true })
  private envelopes = 0
  apiUrl = ''

  async start (): Promise<this> {
    this.server.on('upgrade', (req, socket, head) => {
      if (!(req.url ?? '').startsWith('/link/')) { socket.destroy(); return }
      this.wss.handleUpgrade(req, socket, head, ws => this.connected(ws))
    })
    await new Promise<void>(resolve => this.server.listen(0, '127.0.0.1', resolve))
    this.apiUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/`
    return this
  }

  async stop (): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate()
    await new Promise<void>(resolve => this.wss.close(() => resolve()))
    this.server.closeAllConnections()
    await new Promise<void>(resolve => this.server.close(() => resolve()))
  }

  addMember (member: Member): void { this.state.members.push(member) }
  join (...channels: string[]): void { for (const c of channels) this.state.joined.add(c) }

  /** The next `times` calls of `method` get this answer instead of the normal one. */
  failNext (method: string, how: { error: string, extra?: Record<string, unknown> } | { rateLimitedFor: number } | { status: number }, times = 1): void {
    const a: Answer = 'rateLimitedFor' in how
      ? { status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': String(how.rateLimitedFor) } }
      // An HTTP failure in front of the API (Slack's 500/502/503 pages are not JSON API answers).
      : 'status' in how ? { status: how.status, body: { ok: false, error: 'fatal_error' } } : slackError(how.error, how.extra)
    this.failures.set(method, [...(this.failures.get(method) ?? []), ...Array<Answer>(times).fill(a)])
  }

  /** The next call of `method` waits for the returned release() before it is answered. */
  holdNext (method: string): () => void {
    let release!: () => void
    this.holds.set(method, new Promise<void>(resolve => { release = resolve }))
    return release
  }

  callsOf (method: string): ApiCall[] { return this.calls.filter(c => c.method === method) }

  /** Sends an events_api envelope on the live connection; returns its envelope_id. */
  sendEvent (event: Record<string, unknown>): string {
    const id = `env-${++this.envelopes}`
    this.live().send(JSON.stringify({
      envelope_id: id,
      payload: { token: 'verification-token', team_id: this.state.team.id, api_app_id: this.state.bot.appId, event, type: 'event_callback', event_id: `Ev${this.envelopes}`, event_time: 1764072000 },
      type: 'events_api',
      accepts_response_payload: false,
      retry_attempt: 0,
      retry_reason: ''
    }))
    return id
  }

  /** Sends an interactive envelope (a block_actions payload); returns its envelope_id. */
  sendInteractive (payload: Record<string, unknown>): string {
    const id = `env-${++this.envelopes}`
    this.live().send(JSON.stringify({ envelope_id: id, payload, type: 'interactive', accepts_response_payload: false }))
    return id
  }

  /**
   * Asks the bot to reconnect, as Slack does every few hours ("refresh_requested") and
   * before it recycles a server ("warning", then "link_disabled" if the app stays).
   * https://docs.slack.dev/apis/events-api/using-socket-mode#disconnect
   */
  sendDisconnect (reason: 'refresh_requested' | 'warning' | 'link_disabled' = 'refresh_requested'): void {
    this.live().send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'applink-fake' } }))
  }

  /** Drops the live connection the way a network failure or a Slack restart does. */
  dropConnection (): void { this.live().terminate() }

  /** Resolves when check() holds; re-checked on every call, ack and connection, and every 10 ms
   * (for conditions on the bot's side, such as a listener having run). */
  async until<T> (check: () => T | undefined | false | null, what: string, timeoutMs = 3000): Promise<T> {
    const first = check()
    if (first != null && first !== false) return first
    return await new Promise<T>((resolve, reject) => {
      const onChange = (): void => {
        const value = check()
        if (value == null || value === false) return
        cleanup()
        resolve(value)
      }
      const timer = setTimeout(() => { cleanup(); reject(new Error(`fake Slack: timed out waiting for ${what}`)) }, timeoutMs)
      const poll = setInterval(onChange, 10)
      const cleanup = (): void => { clearTimeout(timer); clearInterval(poll); this.off('change', onChange) }
      this.on('change', onChange)
    })
  }

  private live (): WebSocket {
    const ws = this.connections.at(-1)
    if (ws == null || ws.readyState !== ws.OPEN) throw new Error('fake Slack: the bot is not connected')
    return ws
  }

  private connected (ws: WebSocket): void {
    this.connections.push(ws)
    ws.on('message', (data) => {
      const ack = JSON.parse((data as Buffer).toString()) as Ack
      this.acks.push(ack)
      this.emit('change')
    })
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'applink-fake', build_number: 1, approximate_connection_time: 18060 }, connection_info: { app_id: this.state.bot.appId } }))
    this.emit('change')
  }

  private async handle (req: IncomingMessage, res: import('node:http').ServerResponse): Promise<void> {
    const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0]
    const contentType = String(req.headers['content-type'] ?? '')
    const params = parseBody(contentType, await readBody(req))
    const auth = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))
    const token = auth?.[1] ?? (typeof params.token === 'string' ? params.token : undefined)
    delete params.token
    this.calls.push({ method, token, params, contentType })
    const hold = this.holds.get(method)
    if (hold != null) {
      this.holds.delete(method)
      this.emit('change')
      await hold
    }
    const wsUrl = `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}`
    const a = (req.method !== 'POST' ? slackError('method_not_supported_for_channel_type') : undefined) ??
      this.failures.get(method)?.shift() ?? answer(this.state, method, token, params, wsUrl)
    res.writeHead(a.status, { 'content-type': 'application/json; charset=utf-8', ...a.headers })
    res.end(JSON.stringify(a.body))
    this.emit('change')
  }
}

async function readBody (req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

// Slack accepts form bodies (objects such as blocks JSON-encoded in a field) and JSON.
function parseBody (contentType: string, raw: string): Record<string, unknown> {
  if (raw === '') return {}
  if (contentType.startsWith('application/json')) return JSON.parse(raw) as Record<string, unknown>
  const out: Record<string, unknown> = {}
  for (const [k, v] of new URLSearchParams(raw)) {
    out[k] = (k === 'blocks' || k === 'attachments') ? JSON.parse(v) as unknown : v
  }
  return out
}
