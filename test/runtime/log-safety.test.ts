// The logger never throws, whatever it is handed: a log call sits on every error path
// (a PagerDuty timeout is logged before its sentence is thrown), so a logger that throws
// turns the real error into "something went wrong". Each odd value below is logged and
// the line must come out, with what can be read of the value.
import { describe, expect, test } from '@jest/globals'
import { createLogger, LOG_STRING_LIMIT } from '../../src/core/log.ts'
import { LogCapture } from '../helpers/bot.ts'

const PLANTED = 'PLANTED9d2e1b'

function logged (value: unknown, message = 'odd value'): Record<string, unknown> {
  const capture = new LogCapture()
  const log = createLogger({ destination: capture, level: 'debug' })
  expect(() => log.warn({ value, err: value }, message)).not.toThrow()
  expect(capture.lines).toHaveLength(1)
  expect(capture.lines[0].msg).toBe(message)
  return capture.lines[0]
}

describe('the logger never throws', () => {
  test('a DOMException (what AbortSignal.timeout rejects with) is logged as an error with its name and message', () => {
    const capture = new LogCapture()
    const log = createLogger({ destination: capture, level: 'debug' })
    const timeout = new DOMException(`The operation was aborted due to timeout (token=${PLANTED})`, 'TimeoutError')
    expect(() => log.warn({ err: timeout, path: '/incidents' }, 'PagerDuty request failed')).not.toThrow()
    expect(() => log.error(timeout)).not.toThrow()
    expect(capture.lines).toHaveLength(2)
    expect(capture.lines[0].err).toMatchObject({ type: 'DOMException', name: 'TimeoutError', message: 'The operation was aborted due to timeout (token=[REDACTED]' })
    expect(capture.lines[1].msg).toBe('The operation was aborted due to timeout (token=[REDACTED]')
    expect(capture.raw).not.toContain(PLANTED)
  })

  test('an error whose message is a getter without a setter', () => {
    class GetterError extends Error {
      get message (): string { return `read-only message password=${PLANTED}` }
    }
    const line = logged(new GetterError())
    expect(line.err).toMatchObject({ type: 'GetterError', message: 'read-only message password=[REDACTED]' })
    expect(JSON.stringify(line)).not.toContain(PLANTED)
  })

  test('frozen objects and frozen errors', () => {
    const err = Object.freeze(new Error(`frozen token=${PLANTED}`))
    const line = logged(Object.freeze({ nested: Object.freeze({ err }), list: Object.freeze([1, 2]) }))
    expect(line.value).toMatchObject({ nested: { err: { type: 'Error', message: 'frozen token=[REDACTED]' } }, list: [1, 2] })
    expect(JSON.stringify(line)).not.toContain(PLANTED)
  })

  test('getters that throw, on objects and on errors', () => {
    const obj = { ok: 1, get broken (): never { throw new Error('getter exploded') } }
    const line = logged(obj)
    expect(line.value).toMatchObject({ ok: 1, broken: '[unreadable: getter exploded]' })
    const err = new Error('has a bad field')
    Object.defineProperty(err, 'detail', { enumerable: true, get () { throw new Error('nope') } })
    expect(logged(err).err).toMatchObject({ message: 'has a bad field', detail: '[unreadable: nope]' })
  })

  test('cycles, in objects and in error causes', () => {
    const a: Record<string, unknown> = { name: 'a' }
    a.self = a
    expect(logged(a).value).toEqual({ name: 'a', self: '[circular]' })
    const e1 = new Error('one')
    const e2 = new Error('two', { cause: e1 })
    ;(e1 as Error & { cause: unknown }).cause = e2
    const line = logged(e2)
    expect(String((line.err as { message: string }).message)).toMatch(/^two: one/)
  })

  test('Proxies whose every trap throws, and revoked Proxies', () => {
    const trap = (): never => { throw new Error('trap') }
    const hostile = new Proxy({}, { get: trap, getPrototypeOf: trap, ownKeys: trap, getOwnPropertyDescriptor: trap, has: trap })
    expect(logged(hostile).value).toBe('[unreadable: trap]')
    const { proxy, revoke } = Proxy.revocable({}, {})
    revoke()
    expect(String(logged(proxy).value)).toMatch(/^\[unreadable/)
    // As the first argument too, where pino itself would read .err and .msg.
    const capture = new LogCapture()
    const log = createLogger({ destination: capture })
    expect(() => log.info(hostile, 'hostile first')).not.toThrow()
    expect(capture.lines[0].msg).toBe('hostile first')
  })

  test('BigInt, symbols (as values and as keys), functions, undefined, NaN', () => {
    const sym = Symbol('secret-key')
    const line = logged({ big: 12345678901234567890n, s: Symbol('tag'), [sym]: 'hidden', fn: () => 1, u: undefined, n: NaN })
    expect(line.value).toEqual({ big: '12345678901234567890', s: 'Symbol(tag)', n: null })
    expect(logged(10n).value).toBe('10')
  })

  test('a toJSON that throws, a Buffer, a Date, a URL with a password', () => {
    const line = logged({
      bad: { toJSON () { throw new Error('no json') } },
      buf: Buffer.alloc(1_000_000),
      when: new Date('2026-11-25T12:00:00Z'),
      url: new URL(`https://u:${PLANTED}@host.example.test/x`)
    })
    expect(line.value).toMatchObject({ bad: '[unreadable: no json]', buf: '[Buffer 1000000 bytes]', when: '2026-11-25T12:00:00.000Z', url: 'https://[REDACTED]@host.example.test/x' })
    expect(JSON.stringify(line)).not.toContain(PLANTED)
  })

  test('deep nesting is cut, not walked forever', () => {
    let deep: Record<string, unknown> = { leaf: true }
    for (let i = 0; i < 10_000; i++) deep = { d: deep }
    const line = logged(deep)
    expect(JSON.stringify(line).length).toBeLessThan(2_000)
  })
})

describe('what one log field may carry', () => {
  test('a long string is cut with a marker; a secret straddling the cut is still redacted', () => {
    const capture = new LogCapture()
    const log = createLogger({ destination: capture })
    const long = 'x'.repeat(LOG_STRING_LIMIT - 10) + ` https://user:${PLANTED}${'p'.repeat(100)}@host/ ` + 'y'.repeat(1_000_000)
    log.info({ text: long, list: Array(10_000).fill('z') }, long)
    const line = capture.lines[0]
    expect(String(line.text).length).toBeLessThan(LOG_STRING_LIMIT + 100)
    expect(String(line.text)).toMatch(/…\[cut: \d+ characters in all\]$/)
    expect(String(line.msg).length).toBeLessThan(LOG_STRING_LIMIT + 100)
    expect((line.list as unknown[]).length).toBeLessThanOrEqual(101)
    expect(capture.raw).not.toContain(PLANTED)
    expect(capture.raw.length).toBeLessThan(4 * LOG_STRING_LIMIT)
  })

  test('child bindings are scrubbed and capped too', () => {
    const capture = new LogCapture()
    const log = createLogger({ destination: capture }).child({ url: `https://x.test/?token=${PLANTED}`, big: 'b'.repeat(100_000) })
    log.info('hello')
    expect(capture.raw).not.toContain(PLANTED)
    expect(String(capture.lines[0].big).length).toBeLessThan(LOG_STRING_LIMIT + 100)
  })
})
