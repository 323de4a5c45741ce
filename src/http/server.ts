// The bot's HTTP server, started before scripts load so robot.router exists for them.
// Unlike hubot's setupExpress, it keeps each request's raw body (req.rawBody): webhook
// signatures are computed over the exact bytes, which express.json() throws away.
import { sameSecret } from './webhooks/verify.ts'
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import express, { type Express, type Request, type Response, type NextFunction } from 'express'
import type { Logger } from '../core/log.ts'

declare module 'http' {
  interface IncomingMessage { rawBody?: Buffer }
}

export interface HttpOptions {
  port: number
  bindAddress: string
  basicAuth: { user: string, password: string } | null
  name: string
  log: Logger
  /** Paths served without basic auth (load balancer health checks, signed webhooks). */
  publicPaths?: string[]
  /**
   * Paths whose routes read their own body (webhooks: the signature is checked over the raw
   * bytes before anything parses them, under the route's own size cap).
   */
  rawBodyPaths?: string[]
}

export interface HttpServer { app: Express, server: Server, port: number, close (): Promise<void> }

export async function startHttpServer (options: HttpOptions): Promise<HttpServer> {
  const app = express()
  app.disable('x-powered-by')
  const keepRaw = (req: Request, _res: Response, buf: Buffer): void => { req.rawBody = buf }
  if (options.basicAuth != null) app.use(basicAuth(options.basicAuth, options.publicPaths ?? []))
  const raw = new Set((options.rawBodyPaths ?? []).map(routePath))
  const json = express.json({ limit: '1mb', verify: keepRaw })
  const form = express.urlencoded({ limit: '1mb', extended: false, verify: keepRaw })
  app.use((req, res, next) => { if (raw.has(routePath(req.path))) next(); else json(req, res, next) })
  app.use((req, res, next) => { if (raw.has(routePath(req.path))) next(); else form(req, res, next) })
  app.use((req, _res, next) => {
    options.log.debug({ method: req.method, path: req.path }, 'http request')
    next()
  })

  const server = await new Promise<Server>((resolve, reject) => {
    const fail = (err: NodeJS.ErrnoException): void => reject(err.code === 'EADDRINUSE'
      ? new Error(`port ${options.port} on ${options.bindAddress} is in use: set PORT (0 picks any free port) or start with -d to run without HTTP`)
      : err)
    // Our final handler instead of express's, which answers errors with an HTML page
    // holding the stack trace (unless NODE_ENV=production) and logs them with console.
    const s = createServer((req, res) => { (app as AppWithHandle).handle(req, res, finalHandler(req, res, options.log)) })
    s.listen(options.port, options.bindAddress, () => resolve(s))
    s.once('error', fail)
  })
  const port = (server.address() as AddressInfo).port
  options.log.info({ port, address: options.bindAddress }, 'http server listening')
  return {
    app,
    server,
    port,
    close: async () => await new Promise<void>(resolve => {
      server.close(() => resolve())
      server.closeAllConnections()
    })
  }
}

type AppWithHandle = Express & { handle: (req: IncomingMessage, res: ServerResponse, done: (err?: unknown) => void) => void }

/** Answers what no route handled: 404, or the error's 4xx status, or 500, as short JSON. */
function finalHandler (req: IncomingMessage, res: ServerResponse, log: Logger): (err?: unknown) => void {
  return (err) => {
    const e = err as { status?: unknown, statusCode?: unknown, expose?: unknown } | undefined
    const given = Number(e?.status ?? e?.statusCode)
    const status = err == null ? 404 : Number.isInteger(given) && given >= 400 && given < 600 ? given : 500
    if (err != null) log[status >= 500 ? 'error' : 'warn']({ err, method: req.method, path: (req.url ?? '').split('?')[0], status }, 'http request failed')
    if (res.headersSent) { res.destroy(); return }
    // The status's own words ("Payload Too Large"), never the error's message.
    const error = (STATUS_CODES[status] ?? 'Error').toLowerCase()
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
    res.end(JSON.stringify({ error }))
  }
}

// Express matches routes in any case and with a trailing slash: so do these path lists,
// or /hubot/GitHub/ would reach the webhook route behind basic auth.
function routePath (p: string): string {
  let end = p.length
  while (end > 0 && p[end - 1] === '/') end-- // not /\/+$/, which is quadratic on a run of slashes
  return p.slice(0, end).toLowerCase()
}

function basicAuth (creds: { user: string, password: string }, publicPaths: string[]) {
  const expected = `${creds.user}:${creds.password}`
  const open = new Set(publicPaths.map(routePath))
  return (req: Request, res: Response, next: NextFunction): void => {
    if (open.has(routePath(req.path))) return next()
    const header = req.headers.authorization ?? ''
    const given = header.startsWith('Basic ') ? Buffer.from(header.slice(6), 'base64').toString('utf8') : ''
    if (sameSecret(given, expected)) return next()
    res.set('WWW-Authenticate', 'Basic realm="hubot"').status(401).json({ error: 'unauthorized' })
  }
}
