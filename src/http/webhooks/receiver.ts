// The one way a vendor's webhook becomes work: registers POST <path> on robot.router and,
// for each delivery, in this order: refuses at once when the receiver is not configured or
// the bot is shutting down (503: senders retry), or when a signature header is missing
// (401, before the body is read); reads the raw body under the vendor's cap (413 past it);
// checks the signature over those bytes (401, logged with the reason); parses (400 naming
// the shape expected, or 200 "ignored" for events nobody asked for); claims the delivery id
// in the shared store (200 "duplicate" when another process or an earlier attempt has it);
// answers 202 and does the work once the claim is saved, tracked so shutdown waits for it.
// Redis has the claim when it answers; the file store decides it in memory (one process
// per file) and saves it with its next write, a rewrite of the whole file that the 202
// does not wait for: the announcement does, so one is never made without its record.
import type { IncomingHttpHeaders } from 'node:http'
import { createRequire } from 'node:module'
import type { NextFunction, Request, Response } from 'express'
import type { Robot } from 'hubot'
import { botContext } from '../../core/context.ts'
import { failureLevel } from '../../core/errors.ts'
import { metricsOf } from '../../core/metrics.ts'
import type { Logger } from '../../core/log.ts'
import type { Claim } from '../../store/index.ts'
import { claimDelivery } from './dedupe.ts'
import type { WebhookPath } from './paths.ts'
import type { Verdict } from './verify.ts'

// express is loaded by the first receiver registered on a running HTTP server, not with
// this module: a start with -d (no server) skips it.
const load = createRequire(import.meta.url)

export type Parsed<T> =
  | { kind: 'event', event: T, id: string }
  | { kind: 'ignore', reason: string }
  | { kind: 'invalid', problem: string, expected?: unknown }

/** How a configured receiver checks, reads and handles a delivery. */
export interface WebhookHandling<T> {
  /** The largest body read, in express's notation ('256kb'). */
  limit: string
  /** Headers without which a delivery is refused before its body is read. */
  required: string[]
  verify: (raw: Buffer, headers: IncomingHttpHeaders, now: number) => Verdict
  parse: (raw: Buffer, headers: IncomingHttpHeaders) => Parsed<T>
  /** The work after the 202: format and announce. */
  handle: (event: T, log: Logger) => Promise<void>
}

export interface WebhookReceiver<T> {
  /** Lower-case vendor name, for logs and dedupe keys. */
  vendor: string
  path: WebhookPath
  /** The handling when configured, or what to set when the receiver is off (its variables). */
  on: WebhookHandling<T> | { missing: string }
}

/** The vendor's handling, built from its settings only when they are on. */
export function whenConfigured<C extends { enabled: true }, T> (
  cfg: C | { enabled: false, missing: string }, build: (cfg: C) => WebhookHandling<T>
): WebhookHandling<T> | { missing: string } {
  return cfg.enabled ? build(cfg) : { missing: cfg.missing }
}

export function receiveWebhooks<T> (robot: Robot, r: WebhookReceiver<T>): void {
  const ctx = botContext(robot)
  const log = ctx.log.child({ webhook: r.vendor })
  // Started with -d (no HTTP server, e.g. a worker dyno): nothing can arrive. Only worth a
  // word when this receiver was configured.
  if (robot.server == null) {
    if (!('missing' in r.on)) log.warn(`the ${r.vendor} webhook is configured but the HTTP server is off (-d): its deliveries cannot arrive here`)
    return
  }
  // One count per delivery answered, by what became of it (a body over the cap is answered
  // by the server's error handler and not counted here).
  const metrics = metricsOf(robot)
  const count = (result: string): void => { metrics?.webhooks.inc({ source: r.vendor, result }) }

  if ('missing' in r.on) {
    const { missing } = r.on
    robot.router.post(r.path, (_req: Request, res: Response) => {
      log.warn({ missing }, `${r.vendor} webhook delivery refused: the receiver is not configured`)
      count('not_configured')
      res.status(503).json({ error: 'not configured', set: missing })
    })
    return
  }
  const on = r.on
  const { raw } = load('express') as typeof import('express')
  const readBody = raw({ type: () => true, limit: on.limit })

  const gate = (req: Request, res: Response, next: NextFunction): void => {
    if (!ctx.work.isAccepting) {
      log.info(`${r.vendor} webhook delivery refused while shutting down; the sender retries`)
      count('shutting_down')
      res.set('retry-after', '30').status(503).json({ error: 'shutting down' })
      return
    }
    const absent = on.required.find(h => req.headers[h] == null || req.headers[h] === '')
    if (absent != null) { reject(req, res, `no ${absent} header`); return }
    next()
  }

  const reject = (req: Request, res: Response, reason: string): void => {
    log.warn({ reason, ip: req.ip, content_length: req.headers['content-length'] }, `${r.vendor} webhook delivery rejected`)
    count('rejected')
    res.status(401).json({ error: 'unauthorized', reason })
  }

  robot.router.post(r.path, gate, readBody, async (req: Request, res: Response) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0)
    req.rawBody = raw
    const verdict = on.verify(raw, req.headers, ctx.clock.now())
    if (!verdict.ok) { reject(req, res, verdict.reason); return }

    const parsed = on.parse(raw, req.headers)
    if (parsed.kind === 'invalid') {
      log.info({ problem: parsed.problem }, `${r.vendor} webhook delivery refused: not the expected shape`)
      count('invalid')
      res.status(400).json({ error: 'bad request', problem: parsed.problem, ...(parsed.expected != null ? { expected: parsed.expected } : {}) })
      return
    }
    if (parsed.kind === 'ignore') {
      log.debug({ reason: parsed.reason }, `${r.vendor} webhook delivery ignored`)
      count('ignored')
      res.status(200).json({ status: 'ignored', reason: parsed.reason })
      return
    }

    const dlog = log.child({ delivery: parsed.id })
    let claim: Claim
    try {
      claim = await claimDelivery(ctx.store, ctx.clock, r.vendor, parsed.id)
    } catch (err) {
      // Not recorded, so not handled: the sender's retry gets another chance.
      dlog.warn({ err }, `${r.vendor} webhook delivery refused: the shared store did not answer`)
      count('store_unavailable')
      res.set('retry-after', '60').status(503).json({ error: 'storage unavailable; retry later' })
      return
    }
    if (!claim.won) {
      dlog.info(`${r.vendor} webhook delivery already handled; ignored`)
      count('duplicate')
      res.status(200).json({ status: 'duplicate' })
      return
    }
    count('accepted')
    res.status(202).json({ status: 'accepted' })
    dlog.info(`${r.vendor} webhook delivery accepted`)
    // The sender has its 202 and will not retry: a save that fails is announced anyway
    // (a redelivery after a restart could be announced twice) rather than lost.
    const saved = claim.durable.catch((err: unknown) => {
      dlog.warn({ err }, `${r.vendor} webhook delivery accepted but its id was not saved; announced anyway`)
    })
    ctx.work.track(saved.then(async () => { await on.handle(parsed.event, dlog) })).catch((err: unknown) => {
      dlog[failureLevel(err)]({ err }, `${r.vendor} webhook delivery accepted but not announced`)
    })
  })
}
