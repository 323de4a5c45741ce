// One signature check per vendor, each over the raw request bytes and compared in constant
// time. A verdict says why a delivery failed, for the log and the 401; never the secret or
// the expected value.
//
// GitHub's own check (@octokit/webhooks-methods verify) takes the body as a string, so the
// bytes would be decoded and encoded again first: a byte sequence that is not UTF-8 comes
// back changed and its genuine signature fails, and an empty body throws. The HMAC here is
// over the bytes as received; test/http/webhooks-verify.test.ts holds it to GitHub's
// published vector and to octokit's sign() on real payloads.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'

export type Verdict = { ok: true } | { ok: false, reason: string }

const OK: Verdict = { ok: true }
const fail = (reason: string): Verdict => ({ ok: false, reason })

/** Zendesk's timestamp may be this far from the bot's clock either way. */
export const ZENDESK_TOLERANCE_MS = 5 * 60_000

const HEX_SHA256 = /^[0-9a-f]{64}$/i
const BASE64_SHA256 = /^[A-Za-z0-9+/]{43}=$/

function hmac (secret: string, ...parts: Array<string | Buffer>): Buffer {
  const h = createHmac('sha256', secret)
  for (const p of parts) h.update(p)
  return h.digest()
}

// Both buffers are 32 bytes here (shapes are checked first), so timingSafeEqual's
// length rule never leaks anything.
const same = (a: Buffer, b: Buffer): boolean => a.length === b.length && timingSafeEqual(a, b)

/** GitHub: X-Hub-Signature-256 = "sha256=" + hex HMAC-SHA256(secret, body). */
export function verifyGitHub (secret: string, raw: Buffer, header: string | undefined): Verdict {
  if (header == null || header === '') return fail('no X-Hub-Signature-256 header')
  const hex = header.startsWith('sha256=') ? header.slice(7) : ''
  if (!HEX_SHA256.test(hex)) return fail('X-Hub-Signature-256 is not sha256=<64 hex digits>')
  return same(Buffer.from(hex, 'hex'), hmac(secret, raw)) ? OK : fail('X-Hub-Signature-256 does not match the body')
}

/**
 * PagerDuty v3: X-PagerDuty-Signature = "v1=<hex>" values, comma-separated while a secret is
 * rotated; any one that matches passes. Every value is compared (no early exit).
 * https://developer.pagerduty.com/docs/webhooks/webhook-signatures/
 */
export function verifyPagerDuty (secret: string, raw: Buffer, header: string | undefined): Verdict {
  if (header == null || header === '') return fail('no X-PagerDuty-Signature header')
  const candidates = header.split(',').map(s => s.trim()).filter(s => s.startsWith('v1=')).map(s => s.slice(3))
  if (candidates.length === 0) return fail('X-PagerDuty-Signature has no v1= signature')
  const expected = hmac(secret, raw)
  let match = false
  for (const c of candidates) {
    if (HEX_SHA256.test(c) && same(Buffer.from(c, 'hex'), expected)) match = true
  }
  return match ? OK : fail('no X-PagerDuty-Signature value matches the body')
}

/**
 * Zendesk: X-Zendesk-Webhook-Signature = base64 HMAC-SHA256(secret, timestamp + body), with
 * the timestamp in X-Zendesk-Webhook-Signature-Timestamp; refused more than 5 minutes from
 * the bot's clock, so a captured delivery cannot be replayed later.
 * https://developer.zendesk.com/documentation/webhooks/verifying/
 */
export function verifyZendesk (secret: string, raw: Buffer, signature: string | undefined, timestamp: string | undefined, now: number): Verdict {
  if (signature == null || signature === '') return fail('no X-Zendesk-Webhook-Signature header')
  if (timestamp == null || timestamp === '') return fail('no X-Zendesk-Webhook-Signature-Timestamp header')
  if (!BASE64_SHA256.test(signature)) return fail('X-Zendesk-Webhook-Signature is not a base64 SHA-256 signature')
  if (!same(Buffer.from(signature, 'base64'), hmac(secret, timestamp, raw))) return fail('X-Zendesk-Webhook-Signature does not match the timestamp and body')
  const at = Date.parse(timestamp)
  if (Number.isNaN(at)) return fail('X-Zendesk-Webhook-Signature-Timestamp is not a date')
  const skew = Math.round((now - at) / 1000)
  if (Math.abs(now - at) > ZENDESK_TOLERANCE_MS) return fail(`signed ${Math.abs(skew)} s ${skew > 0 ? 'ago' : 'ahead of the bot\'s clock'}, more than 5 minutes: a replay, or a clock that is off`)
  return OK
}

/** A secret given against the one expected, in constant time: their digests are compared, so neither length shows. */
export function sameSecret (given: string, expected: string): boolean {
  const digest = (s: string): Buffer => createHash('sha256').update(s).digest()
  return timingSafeEqual(digest(given), digest(expected))
}

/** Authorization: Bearer <token>. */
export function verifyBearer (token: string, header: string | undefined): Verdict {
  const match = /^Bearer +(\S+) *$/i.exec(header ?? '')
  if (match == null) return fail('no Authorization: Bearer header')
  return sameSecret(match[1], token) ? OK : fail('the bearer token does not match HUBOT_CI_WEBHOOK_TOKEN')
}
