// PagerDuty's use of the shared vendor transport: its auth and version headers, its error
// body shape ({ error: { message, errors[] } }). Timeouts, 429 waits (PagerDuty's
// `ratelimit-reset`, in seconds) and status sentences live in services/http/transport.ts.
import { createTransport as createVendorTransport, type Transport, type VendorTransportOptions } from '../http/transport.ts'

export interface PagerDutyTransportOptions extends VendorTransportOptions {
  token: string
}

function pagerDutyReason (body: unknown): string {
  const error = (body as { error?: { message?: unknown, errors?: unknown } } | null)?.error
  const message = typeof error?.message === 'string' ? error.message : ''
  const errors = Array.isArray(error?.errors) ? error.errors.filter((e): e is string => typeof e === 'string') : []
  return [message, ...errors].filter(Boolean).join(': ')
}

export function createTransport (options: PagerDutyTransportOptions): Transport {
  return createVendorTransport({
    ...options,
    vendor: 'PagerDuty',
    secrets: [options.token],
    authFailure: 'rejected the API key',
    errorDetail: pagerDutyReason,
    prepare: (headers) => {
      headers.set('Authorization', `Token token=${options.token}`)
      headers.set('Accept', 'application/vnd.pagerduty+json;version=2')
    }
  })
}
