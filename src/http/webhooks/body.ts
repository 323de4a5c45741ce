// A verified body as JSON. GitHub can be set to send `application/x-www-form-urlencoded`
// with the JSON in a `payload` field; everyone else sends JSON.
import type { IncomingHttpHeaders } from 'node:http'

export type JsonObject = Record<string, unknown>

/** The body's JSON object, or null when it is not one. */
export function jsonObject (raw: Buffer, headers: IncomingHttpHeaders): JsonObject | null {
  try {
    let text = raw.toString('utf8')
    if ((headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) {
      text = new URLSearchParams(text).get('payload') ?? ''
    }
    const value = JSON.parse(text) as unknown
    return value != null && typeof value === 'object' && !Array.isArray(value) ? value as JsonObject : null
  } catch {
    return null
  }
}

/** A header's value as one string ('' when absent). */
export function header (headers: IncomingHttpHeaders, name: string): string {
  const v = headers[name]
  return Array.isArray(v) ? v.join(',') : v ?? ''
}
