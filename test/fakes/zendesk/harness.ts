// Jest wiring for tests that talk to the fake Zendesk over real HTTP: one fake per file,
// reset before each test, and after each test every answer it gave is checked against the
// spec (strict), so no test passes on an answer Zendesk could not give. Where the specs are
// missing this check skips with a printed reason (CI requires them: REQUIRE_SPECS=1).
import { afterAll, afterEach, beforeAll, beforeEach, expect } from '@jest/globals'
import { specsDirOrSkip } from '../../helpers/requirements.ts'
import { startFakeZendesk, type FakeZendesk, type ZendeskCredentials } from './fake-zendesk.ts'
import { loadZendeskSpec, type ZendeskSpec } from './spec-check.ts'

export const CREDENTIALS: Required<ZendeskCredentials> = { email: 'bot@example.com', apiToken: 'zd-api-token-for-tests', oauthToken: 'zd-oauth-token-for-tests' }
export const BASIC = `Basic ${Buffer.from(`${CREDENTIALS.email}/token:${CREDENTIALS.apiToken}`).toString('base64')}`
export const BEARER = `Bearer ${CREDENTIALS.oauthToken}`

export interface Answer { status: number, headers: Headers, body: any } // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON under test

export function useFakeZendesk (): { fake: () => FakeZendesk, spec: () => ZendeskSpec | null, get: (pathAndQuery: string, authorization?: string | null) => Promise<Answer> } {
  const specs = specsDirOrSkip()
  let fake: FakeZendesk
  let spec: ZendeskSpec | null = null
  beforeAll(async () => {
    if (specs != null) spec = loadZendeskSpec(specs)
    fake = await startFakeZendesk({ credentials: CREDENTIALS })
  })
  beforeEach(() => { fake.reset() })
  afterEach(() => { if (spec != null) expect(spec.problems(fake.responses)).toEqual([]) })
  afterAll(async () => { await fake?.close() })
  return {
    fake: () => fake,
    spec: () => spec,
    /** GET `${fake.url}${pathAndQuery}` (or an absolute URL), Basic auth unless told otherwise (null: none). */
    async get (pathAndQuery, authorization = BASIC) {
      const res = await fetch(pathAndQuery.startsWith('http') ? pathAndQuery : fake.url + pathAndQuery, { headers: authorization == null ? {} : { Authorization: authorization } })
      const text = await res.text()
      return { status: res.status, headers: res.headers, body: res.headers.get('content-type')?.startsWith('application/json') === true ? JSON.parse(text) : text }
    }
  }
}

/** `/search?...` with the query and other parameters URL-encoded as a client must. */
export const searchPath = (query: string, params: Record<string, string | number> = {}, route = '/search'): string =>
  `${route}?${new URLSearchParams({ query, ...Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])) }).toString()}`
