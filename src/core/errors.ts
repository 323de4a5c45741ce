// Errors with stable codes. Handlers throw these; the one chat sink (runtime/error-sink.ts)
// turns them into a sentence. A message given here is written for chat: it must never
// contain a token, a header or a URL query. Model: bolt-js src/errors.ts.
import { redactSecrets } from './redact.ts'

export type BotErrorCode =
  | 'not_configured'
  | 'bad_input'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'ambiguous'
  | 'unavailable'

export class BotError extends Error {
  readonly code: BotErrorCode
  constructor (code: BotErrorCode, message: string) {
    super(message)
    this.name = 'BotError'
    this.code = code
  }
}

export type ServiceErrorCode = 'auth' | 'not_found' | 'rate_limited' | 'timeout' | 'server' | 'bad_request' | 'network'

export class ServiceError extends Error {
  readonly code: ServiceErrorCode
  readonly service: string
  readonly status?: number
  constructor (service: string, code: ServiceErrorCode, message: string, options: { status?: number, cause?: unknown } = {}) {
    super(message, { cause: options.cause })
    this.name = 'ServiceError'
    this.service = service
    this.code = code
    this.status = options.status
  }
}

const SERVICE_ADVICE: Record<ServiceErrorCode, string> = {
  auth: 'check the API key the bot is configured with',
  not_found: 'check the name or number and try again',
  rate_limited: 'try again in a minute',
  timeout: 'try again shortly; if it keeps happening, check the service status page',
  server: 'try again shortly; if it keeps happening, check the service status page',
  bad_request: 'check the command and try again',
  network: 'try again shortly; the bot could not reach the service'
}

/**
 * The level a failure is logged at: a user's mistake or a refusal at info, a vendor's
 * failure or storage being unreachable at warn (worth a look, not a page), anything we did
 * not expect at error (a bug: alert on it).
 */
export function failureLevel (err: unknown): 'info' | 'warn' | 'error' {
  if (err instanceof ServiceError) return 'warn'
  if (err instanceof BotError) return err.code === 'unavailable' ? 'warn' : 'info'
  return 'error'
}

/**
 * The sentence chat sees for an error we know; null for an unexpected one. Scrubbed of
 * anything shaped like a secret, and of `secrets` (configured values) first, whole: a
 * message can quote a vendor, and middleware says these sentences without the error sink.
 */
export function formatError (err: unknown, secrets: readonly string[] = []): string | null {
  const redact = (text: string): string => redactSecrets(text, secrets)
  if (err instanceof BotError) return redact(err.message)
  if (err instanceof ServiceError) {
    return redact(`${err.service}: ${err.message} (${SERVICE_ADVICE[err.code]})`)
  }
  return null
}
