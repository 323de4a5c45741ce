// The wait a 429 asks for, read from each vendor's header.
import { describe, expect, test } from '@jest/globals'
import { retryAfterSecondsMs, retryWaitMs, shouldWaitOut } from '../../src/services/http/retry-wait.ts'

const now = Date.parse('2026-11-27T12:00:00Z')
const wait = (headers: Record<string, string>): number => retryWaitMs(new Headers(headers), now)

describe('retryWaitMs', () => {
  test('Retry-After in seconds (Zendesk, Slack, GitHub secondary limits)', () => {
    expect(wait({ 'retry-after': '7' })).toBe(7000)
  })
  test('Retry-After as an HTTP date', () => {
    expect(wait({ 'retry-after': new Date(now + 30_000).toUTCString() })).toBe(30_000)
  })
  test("PagerDuty's ratelimit-reset, in seconds", () => {
    expect(wait({ 'ratelimit-reset': '12' })).toBe(12_000)
  })
  test("GitHub's x-ratelimit-reset, in epoch seconds", () => {
    expect(wait({ 'x-ratelimit-reset': String(now / 1000 + 90) })).toBe(90_000)
  })
  test('a past date or reset waits nothing; no header waits one second', () => {
    expect(wait({ 'retry-after': new Date(now - 5000).toUTCString() })).toBe(0)
    expect(wait({ 'x-ratelimit-reset': String(now / 1000 - 5) })).toBe(0)
    expect(wait({})).toBe(1000)
    expect(wait({ 'retry-after': 'soon' })).toBe(1000)
  })
})

describe('the rate-limit policy the vendor transport and the Slack outbox share', () => {
  const policy = { maxRetries: 2, maxRetryWaitMs: 20_000 }
  test('waits while attempts remain and the wait is within the cap', () => {
    expect(shouldWaitOut(policy, 0, 20_000)).toBe(true)
    expect(shouldWaitOut(policy, 1, 0)).toBe(true)
  })
  test('stops after maxRetries waits, or at once when the wait is over the cap', () => {
    expect(shouldWaitOut(policy, 2, 1000)).toBe(false)
    expect(shouldWaitOut(policy, 0, 20_001)).toBe(false)
  })
  test("Slack's parsed Retry-After: seconds to ms, at least one second", () => {
    expect(retryAfterSecondsMs(3)).toBe(3000)
    expect(retryAfterSecondsMs(0)).toBe(1000)
    expect(retryAfterSecondsMs(undefined)).toBe(1000)
  })
})
