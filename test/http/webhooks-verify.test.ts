// The signature checks, on the vendors' vectors (../shared/specs/README.md: GitHub's is
// published; PagerDuty and Zendesk publish none, so theirs were computed with
// `openssl dgst -sha256 -hmac`), on tampering, and on malformed headers.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, test } from '@jest/globals'
import { sign, verify as octokitVerify } from '@octokit/webhooks-methods'
import { verifyBearer, verifyGitHub, verifyPagerDuty, verifyZendesk } from '../../src/http/webhooks/verify.ts'
import { specsDirOrSkip } from '../helpers/requirements.ts'
import { githubExample } from '../helpers/webhooks.ts'

const specs = specsDirOrSkip()
const maybe = specs == null ? describe.skip : describe

maybe('GitHub: the vector published in the specs README', () => {
  const readme = specs == null ? '' : readFileSync(path.join(specs, 'README.md'), 'utf8')
  const vector = /GitHub: secret `([^`]+)`, body `([^`]+)` ->\s*`(sha256=[0-9a-f]{64})`/.exec(readme)

  test('the README holds it, and the body it names passes with it', () => {
    expect(vector).not.toBeNull()
    const [, secret, body, signature] = vector!
    expect(verifyGitHub(secret, Buffer.from(body), signature)).toEqual({ ok: true })
  })

  test('one byte changed in the body, the signature or the secret fails', () => {
    const [, secret, body, signature] = vector!
    expect(verifyGitHub(secret, Buffer.from(`${body} `), signature)).toEqual({ ok: false, reason: 'X-Hub-Signature-256 does not match the body' })
    expect(verifyGitHub(secret, Buffer.from(body), signature.replace(/.$/, c => c === '0' ? '1' : '0'))).toMatchObject({ ok: false })
    expect(verifyGitHub(`${secret}!`, Buffer.from(body), signature)).toMatchObject({ ok: false })
  })
})

describe('GitHub', () => {
  const secret = 'It\'s a Secret to Everybody'

  test('agrees with octokit\'s sign() (GitHub\'s own library) on real payloads', async () => {
    for (const event of ['push', 'pull_request', 'workflow_run']) {
      const body = JSON.stringify(githubExample(event))
      expect(verifyGitHub(secret, Buffer.from(body), await sign(secret, body))).toEqual({ ok: true })
    }
  })

  test('checks the bytes received: a body that is not UTF-8 passes with its own signature only, where octokit\'s string check fails it', async () => {
    // Computed with openssl over the bytes 7b ff 7d and 7b fe 7d.
    const a = Buffer.from([0x7b, 0xff, 0x7d])
    const b = Buffer.from([0x7b, 0xfe, 0x7d])
    const sigA = 'sha256=3c6533dc27e750178a15a2a0bef342ef27845d2e50d9027cf640e37338dc3188'
    expect(verifyGitHub(secret, a, sigA)).toEqual({ ok: true })
    expect(verifyGitHub(secret, b, sigA)).toMatchObject({ ok: false })
    expect(verifyGitHub(secret, b, 'sha256=96f82e2887e250377ff6c4fe054a800829826148ee612284bd60d7a9a7013d44')).toEqual({ ok: true })
    expect(await octokitVerify(secret, a.toString('utf8'), sigA)).toBe(false)
  })

  test('missing, old-style (sha1) and malformed headers are refused with the reason', () => {
    const body = Buffer.from('{}')
    expect(verifyGitHub(secret, body, undefined)).toEqual({ ok: false, reason: 'no X-Hub-Signature-256 header' })
    expect(verifyGitHub(secret, body, 'sha1=0123456789abcdef0123456789abcdef01234567')).toEqual({ ok: false, reason: 'X-Hub-Signature-256 is not sha256=<64 hex digits>' })
    expect(verifyGitHub(secret, body, `sha256=${'0'.repeat(63)}`)).toMatchObject({ ok: false, reason: 'X-Hub-Signature-256 is not sha256=<64 hex digits>' })
    expect(verifyGitHub(secret, body, `sha256=${'0'.repeat(64)}zz`)).toMatchObject({ ok: false })
  })
})

describe('PagerDuty', () => {
  const secret = 'pd-secret-0123456789'
  const body = Buffer.from('{"event":{"id":"5ac64822-4adc-4fda-ade0-410becf0de4f","event_type":"incident.triggered"}}')
  const good = 'v1=35659f8d9a2d8a36b39743ae582789cdf3a887b767f314ff9ab7881ff84ce52d'
  const other = 'v1=f03de6f61df6e454f3620c4d6aca17ad072d3f8bbb2760eac3b2ad391b5e8073'

  test('the openssl vector passes alone and in any place of a rotation list', () => {
    expect(verifyPagerDuty(secret, body, good)).toEqual({ ok: true })
    expect(verifyPagerDuty(secret, body, `${other},${good}`)).toEqual({ ok: true })
    expect(verifyPagerDuty(secret, body, `${good}, ${other}`)).toEqual({ ok: true })
  })

  test('tampered bodies, unknown versions and missing headers fail', () => {
    expect(verifyPagerDuty(secret, Buffer.from(body.toString().replace('triggered', 'resolved')), good)).toEqual({ ok: false, reason: 'no X-PagerDuty-Signature value matches the body' })
    expect(verifyPagerDuty(secret, body, other)).toMatchObject({ ok: false })
    expect(verifyPagerDuty(secret, body, good.replace('v1=', 'v2='))).toEqual({ ok: false, reason: 'X-PagerDuty-Signature has no v1= signature' })
    expect(verifyPagerDuty(secret, body, undefined)).toEqual({ ok: false, reason: 'no X-PagerDuty-Signature header' })
  })
})

describe('Zendesk', () => {
  const secret = 'zd-secret-0123456789'
  const timestamp = '2021-03-25T05:09:27Z'
  const body = Buffer.from('{"event":"created","ticket":{"id":"35436","subject":"Printer on fire","priority":"Urgent","status":"New","url":"https://acme.zendesk.com/agent/tickets/35436"}}')
  const signature = 'TejPbOlF41s0ChFk4ODCzleCY2iE4+sO70F1CnCNyC0='
  const at = Date.parse(timestamp)

  test('the openssl vector passes within 5 minutes of its timestamp, either way', () => {
    expect(verifyZendesk(secret, body, signature, timestamp, at)).toEqual({ ok: true })
    expect(verifyZendesk(secret, body, signature, timestamp, at + 5 * 60_000)).toEqual({ ok: true })
    expect(verifyZendesk(secret, body, signature, timestamp, at - 5 * 60_000)).toEqual({ ok: true })
  })

  test('stale or future timestamps are refused even with a good signature', () => {
    expect(verifyZendesk(secret, body, signature, timestamp, at + 5 * 60_000 + 1000)).toEqual({ ok: false, reason: 'signed 301 s ago, more than 5 minutes: a replay, or a clock that is off' })
    expect(verifyZendesk(secret, body, signature, timestamp, at - 3_600_000)).toEqual({ ok: false, reason: 'signed 3600 s ahead of the bot\'s clock, more than 5 minutes: a replay, or a clock that is off' })
  })

  test('the timestamp is signed: moving it, or changing the body, fails', () => {
    expect(verifyZendesk(secret, body, signature, '2021-03-25T05:09:28Z', at)).toEqual({ ok: false, reason: 'X-Zendesk-Webhook-Signature does not match the timestamp and body' })
    expect(verifyZendesk(secret, Buffer.from(body.toString().replace('Urgent', 'Low')), signature, timestamp, at)).toMatchObject({ ok: false })
    expect(verifyZendesk(secret, body, 'not base64!', timestamp, at)).toEqual({ ok: false, reason: 'X-Zendesk-Webhook-Signature is not a base64 SHA-256 signature' })
    expect(verifyZendesk(secret, body, undefined, timestamp, at)).toEqual({ ok: false, reason: 'no X-Zendesk-Webhook-Signature header' })
    expect(verifyZendesk(secret, body, signature, undefined, at)).toEqual({ ok: false, reason: 'no X-Zendesk-Webhook-Signature-Timestamp header' })
  })
})

describe('CI bearer token', () => {
  const token = 'ci-token-0123456789abcdef'
  test('only the exact token passes', () => {
    expect(verifyBearer(token, `Bearer ${token}`)).toEqual({ ok: true })
    expect(verifyBearer(token, `bearer ${token}`)).toEqual({ ok: true })
    expect(verifyBearer(token, `Bearer ${token}x`)).toEqual({ ok: false, reason: 'the bearer token does not match HUBOT_CI_WEBHOOK_TOKEN' })
    expect(verifyBearer(token, `Bearer ${token.slice(0, -1)}`)).toMatchObject({ ok: false })
    expect(verifyBearer(token, `Basic ${Buffer.from(`x:${token}`).toString('base64')}`)).toEqual({ ok: false, reason: 'no Authorization: Bearer header' })
    expect(verifyBearer(token, undefined)).toMatchObject({ ok: false })
  })
})
