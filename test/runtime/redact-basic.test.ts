// "Basic" is a credential scheme only when a base64 value follows it. Our own start-up
// error names Slack's "Basic Information" settings page; printed as "Basic [REDACTED]",
// it sent a new user looking for a page that does not exist.
import { describe, expect, test } from '@jest/globals'
import { createLogger, scrubSecrets } from '../../src/core/log.ts'
import { LogCapture } from '../helpers/bot.ts'
import { runMain } from '../helpers/process.ts'

// base64('deploy-bot:s3cr3t-pa55') and base64('user:pass'): what an Authorization header carries.
const CREDENTIAL = Buffer.from('deploy-bot:s3cr3t-pa55').toString('base64')
const LETTERS_ONLY = Buffer.from('user:pass').toString('base64') // dXNlcjpwYXNz: mixed case, no digit

describe('Basic credentials in free text', () => {
  test.each([
    ['Authorization: Basic ' + CREDENTIAL, 'Authorization: Basic [REDACTED]'],
    ['authorization: basic ' + LETTERS_ONLY, 'authorization: basic [REDACTED]'],
    ['header Basic ' + LETTERS_ONLY + ', then more', 'header Basic [REDACTED], then more'],
    ['Basic dXNlcjpwYXNzd29yZA==', 'Basic [REDACTED]'],
    ['sent Basic ' + LETTERS_ONLY + '.', 'sent Basic [REDACTED].']
  ])('a base64 value is redacted: %s', (text, expected) => {
    expect(scrubSecrets(text)).toBe(expected)
  })

  test.each([
    'Slack app settings > Basic Information > App-Level Tokens',
    'Basic Information',
    'BASIC INFORMATION',
    'basic information about the incident',
    'Basic Settings',
    'Basic auth is on for every route',
    'a Basic or higher dyno'
  ])('words after "Basic" are kept: %s', (text) => {
    expect(scrubSecrets(text)).toBe(text)
  })

  // Like every scrubber (scrub-linear.test.ts): time linear in the input, even on 1 MB.
  test.each([
    ['"Basic " repeated', 'Basic '.repeat(200_000)],
    ['Basic then one long word', 'Basic ' + 'a'.repeat(1_000_000)],
    ['Basic then a long run of spaces', 'Basic' + ' '.repeat(1_000_000)],
    ['Basic then base64 that ends in a dash', 'Basic ' + 'aB1'.repeat(333_333) + '-']
  ])('%s is scrubbed well under a second', (_name, text) => {
    const started = performance.now()
    scrubSecrets(text)
    expect(performance.now() - started).toBeLessThan(300)
  })

  test('Bearer and Token values are still redacted', () => {
    expect(scrubSecrets('Authorization: Bearer abc.def-123')).toBe('Authorization: Bearer [REDACTED]')
    expect(scrubSecrets('Authorization: Token token=abcdef123')).toBe('Authorization: Token [REDACTED]')
  })

  test('a log line naming the Basic Information page keeps it; a Basic header in the same line does not survive', () => {
    const capture = new LogCapture()
    const log = createLogger({ destination: capture, level: 'info' })
    log.error({ err: new Error('Slack is not configured: set HUBOT_SLACK_APP_TOKEN (xapp-..., Basic Information > App-Level Tokens)') },
      `retrying with Authorization: Basic ${CREDENTIAL}`)
    expect(capture.lines[0].msg).toBe('retrying with Authorization: Basic [REDACTED]')
    expect((capture.lines[0].err as { message: string }).message).toContain('Basic Information > App-Level Tokens')
    expect(capture.raw).not.toContain(CREDENTIAL)
  })

  test('the entry point\'s own error for a Slack bot without tokens names the Basic Information page', async () => {
    const run = await runMain(['-a', 'slack', '-d'], '')
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('Basic Information > App-Level Tokens')
    expect(run.stderr).not.toContain('[REDACTED]')
  })
})
