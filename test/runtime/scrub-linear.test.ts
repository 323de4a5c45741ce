// scrubSecrets runs on every logged string and on every error sentence sent to chat, so
// its time must grow linearly with the input: one quadratic pattern on a 100,000-character
// word stalled the whole bot for seconds. Each adversarial 1 MB shape must finish well
// under a second, and the redaction itself must still work.
import { describe, expect, test } from '@jest/globals'
import { scrubSecrets } from '../../src/core/log.ts'

const MB = 1_000_000
const fill = (unit: string, length = MB): string => unit.repeat(Math.ceil(length / unit.length)).slice(0, length)

const SHAPES: Array<[string, string]> = [
  ['a run of word characters', fill('x')],
  ['scheme then a long password without @', fill('a', MB / 2) + '://u:' + fill('p', MB / 2)],
  ['scheme then a long user without :', 'a://' + fill('u')],
  ['a:// repeated', fill('a://')],
  ['a://u: repeated', fill('a://u:')],
  ['a://:@ repeated', fill('a://:@')],
  ['word: repeated', fill('ab:')],
  ['colons', fill(':')],
  ['@ signs', fill('@')],
  ['token= repeated', fill('token=')],
  ['token followed by spaces', 'token' + fill(' ')],
  ['token: followed by spaces', 'token:' + fill(' ')],
  ['token space repeated', fill('token ')],
  ['?token= repeated', fill('?token=')],
  ['&key=& repeated', fill('&key=&')],
  ['Bearer repeated', fill('Bearer ')],
  ['Bearer then spaces', 'Bearer' + fill(' ')],
  ['Bearer then short words', fill('Bearer ab ')],
  ['Token token= repeated', fill('Token token=')],
  ['xoxb- repeated', fill('xoxb-')],
  ['xapp- repeated', fill('xapp-')],
  ['ghp_ with 19 characters repeated', fill('ghp_aaaaaaaaaaaaaaaaaaa ')],
  ['ghp_ repeated', fill('ghp_')],
  ['whitespace', fill(' \t')],
  ['mixed', fill('token=a://x:y Bearer ghp_ xoxb- ?key=')]
]

describe('scrubSecrets on 1 MB adversarial strings', () => {
  test.each(SHAPES)('%s finishes well under a second', (_name, text) => {
    const started = performance.now()
    scrubSecrets(text)
    expect(performance.now() - started).toBeLessThan(300)
  })

  test('the linear patterns still redact what the old ones did', () => {
    expect(scrubSecrets('redis://:hunter2secret@db.example.test:6379')).toBe('redis://[REDACTED]@db.example.test:6379')
    expect(scrubSecrets('see https://bob:pw123456@host.test/x and ftp://a:b@c')).toBe('see https://[REDACTED]@host.test/x and ftp://[REDACTED]@c')
    expect(scrubSecrets('Authorization: Bearer abc.def-123')).toBe('Authorization: Bearer [REDACTED]')
    expect(scrubSecrets('xoxb-1-2-abc and xapp-1-ABC and ghp_abcdefghijklmnopqrstu')).toBe('xox?-[REDACTED] and xapp-[REDACTED] and gh?_[REDACTED]')
    expect(scrubSecrets('GET /x?page=2&api_key=s3cret#frag')).toBe('GET /x?page=2&api_key=[REDACTED]')
    expect(scrubSecrets('password = hunter2, next')).toBe('password = [REDACTED], next')
  })
})
