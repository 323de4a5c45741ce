// Redaction, proven by capturing the log and searching it for planted secrets.
import { describe, expect, test } from '@jest/globals'
import { createLogger, scrubSecrets } from '../../src/core/log.ts'
import { LogCapture } from '../helpers/bot.ts'

const PLANTED = 'PLANTED7f3a9c'

describe('log redaction', () => {
  test('secrets in fields, headers, errors, URLs and messages never reach the log', () => {
    const capture = new LogCapture()
    const log = createLogger({ destination: capture, level: 'debug' }).child({ script: 'test' })
    log.info({ token: PLANTED, apiKey: PLANTED, nested: { password: PLANTED } }, 'fields')
    log.info({ headers: { Authorization: `Token token=${PLANTED}`, cookie: `s=${PLANTED}`, 'X-Hub-Signature-256': `sha256=${PLANTED}` } }, 'headers')
    log.warn({ err: new Error(`request failed: GET https://api.example.test/x?api_key=${PLANTED}&page=2`) }, 'error field')
    log.error(new Error(`bot token xoxb-1111-${PLANTED} rejected`))
    log.info(`calling https://user:${PLANTED}@host.example.test/path?token=${PLANTED}`)
    log.info({ url: `https://x.test/?access_token=${PLANTED}`, auth: `Bearer ${PLANTED}` }, 'strings')
    // Redis URLs (Heroku's REDIS_URL) carry only a password: rediss://:<password>@host
    log.error({ err: new Error(`connect to rediss://:${PLANTED}@ec2-1-2-3-4.compute.amazonaws.com:6380 failed`) }, 'redis')
    expect(capture.lines).toHaveLength(7)
    expect(capture.raw).not.toContain(PLANTED)
    expect(capture.raw).toContain('[REDACTED]')
    // What is not secret survives, so the log stays useful.
    expect(capture.raw).toContain('page=2')
    expect(capture.lines[2].err).toMatchObject({ type: 'Error' })
    expect(capture.lines.every(l => l.script === 'test' && typeof l.time === 'string')).toBe(true)
  })

  test('an error\'s cause chain is logged (what on-call needs), scrubbed like the rest', () => {
    const capture = new LogCapture()
    const log = createLogger({ destination: capture, level: 'debug' })
    const root = new Error(`connect ECONNREFUSED 127.0.0.1:6379 (redis://:${PLANTED}@127.0.0.1:6379)`)
    log.error({ err: new Error('cannot reach Redis at REDIS_URL', { cause: new Error('subscribe failed', { cause: root }) }) }, 'start failed')
    expect(capture.raw).not.toContain(PLANTED)
    const err = capture.lines[0].err as { message: string, stack: string }
    expect(err.message).toBe('cannot reach Redis at REDIS_URL: subscribe failed: connect ECONNREFUSED 127.0.0.1:6379 (redis://[REDACTED]@127.0.0.1:6379)')
    expect(err.stack).toContain('caused by: Error: subscribe failed')
  })

  test('secret-named fields in their common spellings are redacted (OAuth answers, API key headers)', () => {
    const capture = new LogCapture()
    const log = createLogger({ destination: capture, level: 'debug' })
    log.info({
      body: { access_token: PLANTED, refresh_token: PLANTED, id_token: PLANTED, client_secret: PLANTED, private_key: PLANTED, webhookSecret: PLANTED },
      headers: { 'x-api-key': PLANTED, 'X-Auth-Token': PLANTED },
      db: { passwd: PLANTED, credentials: PLANTED }
    }, 'oauth')
    expect(capture.raw).not.toContain(PLANTED)
    // Fields that only mention a secret keep their (non-string) values.
    log.info({ token_count: 3, has_token: true, signature_valid: false }, 'counts')
    expect(capture.lines[1]).toMatchObject({ token_count: 3, has_token: true, signature_valid: false })
  })

  test('scrubSecrets leaves ordinary text alone', () => {
    expect(scrubSecrets('deploy api to production by alice (#42)')).toBe('deploy api to production by alice (#42)')
  })
})
