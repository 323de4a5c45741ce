// A fake Elasticsearch _bulk endpoint on 127.0.0.1 (served by server.mjs in a child
// process): checks each request body as the bulk API reads it (NDJSON, pairs of one
// action line creating in the data stream and one document line with @timestamp) and
// keeps the documents; or stalls (never answers), or answers 503. The mode can change
// mid-test (Elasticsearch going down and coming back).
import { fork, type ChildProcess } from 'node:child_process'
import path from 'node:path'

export type Mode = 'ok' | 'stall' | 'unavailable'

interface Seen { method: string, url: string, headers: Record<string, string | undefined>, body: string }

export interface FakeElasticsearch {
  url: string
  /** Documents received, in order. */
  docs: Array<Record<string, unknown>>
  /** Every problem found in a request (none for well-formed ones). */
  problems: string[]
  /** Authorization headers seen. */
  auth: string[]
  requests: number
  /** Resolves once the fake answers the next requests in `mode`. */
  setMode (mode: Mode): Promise<void>
  /** Resolves once `count` documents have arrived. */
  received (count: number): Promise<void>
  /** Resolves once `count` requests have arrived. */
  asked (count: number): Promise<void>
  close (): Promise<void>
}

function check (seen: Seen, dataStream: RegExp, problems: string[]): Array<Record<string, unknown>> {
  if (/\/_refresh$/.test(seen.url)) return []
  if (seen.method !== 'POST' || !/\/_bulk(\?|$)/.test(seen.url)) { problems.push(`unexpected ${seen.method} ${seen.url}`); return [] }
  if (!/application\/.*json/.test(seen.headers['content-type'] ?? '')) problems.push(`content-type ${String(seen.headers['content-type'])}`)
  if (!seen.body.endsWith('\n')) problems.push('the body does not end with a newline')
  const lines = seen.body.split('\n').filter(l => l !== '')
  if (lines.length % 2 !== 0) problems.push(`odd number of lines (${lines.length}): not action/document pairs`)
  const docs: Array<Record<string, unknown>> = []
  for (let i = 0; i + 1 < lines.length; i += 2) {
    let action: Record<string, Record<string, unknown>>
    let doc: unknown
    try { action = JSON.parse(lines[i]) as typeof action; doc = JSON.parse(lines[i + 1]) } catch { problems.push(`line ${i} or ${i + 1} is not JSON`); continue }
    const [kind, ...more] = Object.keys(action)
    const meta = action[kind] ?? {}
    // A data stream takes only create: the create action, or index with op_type create.
    const creates = kind === 'create' || (kind === 'index' && meta.op_type === 'create')
    if (more.length > 0 || !creates) problems.push(`line ${i}: ${lines[i]} is not a create action`)
    if (typeof meta._index !== 'string' || !dataStream.test(meta._index)) problems.push(`line ${i}: index ${String(meta._index)} is not the data stream`)
    if (doc == null || typeof doc !== 'object' || Array.isArray(doc)) { problems.push(`line ${i + 1} is not a document`); continue }
    if (typeof (doc as Record<string, unknown>)['@timestamp'] !== 'string') problems.push(`line ${i + 1} has no @timestamp`)
    docs.push(doc as Record<string, unknown>)
  }
  return docs
}

export async function startFakeElasticsearch (dataStream: RegExp, mode: Mode = 'ok'): Promise<FakeElasticsearch> {
  const child: ChildProcess = fork(path.join(import.meta.dirname, 'server.mjs'), [mode], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const waiting: Array<{ count: () => boolean, resolve: () => void }> = []
  const fake: FakeElasticsearch = {
    url: '',
    docs: [],
    problems: [],
    auth: [],
    requests: 0,
    setMode: async (m) => {
      await new Promise<void>(resolve => {
        const ack = (msg: { mode?: string }): void => { if (msg.mode === m) { child.off('message', ack); resolve() } }
        child.on('message', ack)
        child.send({ mode: m })
      })
    },
    received: async (count) => {
      if (fake.docs.length >= count) return
      await new Promise<void>(resolve => waiting.push({ count: () => fake.docs.length >= count, resolve }))
    },
    asked: async (count) => {
      if (fake.requests >= count) return
      await new Promise<void>(resolve => waiting.push({ count: () => fake.requests >= count, resolve }))
    },
    close: async () => {
      if (child.exitCode != null) return
      const exited = new Promise(resolve => child.once('exit', resolve))
      child.disconnect()
      await exited
    }
  }
  child.on('message', (msg: { url?: string, request?: Seen }) => {
    if (msg.request == null) return
    fake.requests++
    fake.auth.push(msg.request.headers.authorization ?? '')
    fake.docs.push(...check(msg.request, dataStream, fake.problems))
    for (const w of waiting.splice(0)) if (w.count()) w.resolve(); else waiting.push(w)
  })
  fake.url = await new Promise<string>((resolve, reject) => {
    child.once('message', (msg: { url?: string }) => { if (msg.url != null) resolve(msg.url) })
    child.once('error', reject)
  })
  return fake
}
