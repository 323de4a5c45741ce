// Jest wiring for tests that talk to the fake GitHub over real HTTP: one fake per file, reset
// before each test, and after each test every answer it gave is checked against the spec
// (strict), so no test passes on an answer GitHub could not give. Where the specs are missing
// this check skips with a printed reason (CI requires them: REQUIRE_SPECS=1).
import { afterAll, afterEach, beforeAll, beforeEach, expect } from '@jest/globals'
import { specsDirOrSkip } from '../../helpers/requirements.ts'
import { startFakeGitHub, type FakeGitHub, type FakeGitHubOptions } from './fake-github.ts'
import { loadGitHubSpec, type GitHubSpec } from './spec-check.ts'

export const TOKEN = 'ghp_fakeTokenForTests0000000000000000000'
export interface Answer { status: number, headers: Headers, body: any } // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON under test
export interface CallOptions { method?: string, auth?: string | null, body?: unknown, headers?: Record<string, string> }

export function useFakeGitHub (options: FakeGitHubOptions = {}): { fake: () => FakeGitHub, spec: () => GitHubSpec | null, call: (pathOrUrl: string, call?: CallOptions) => Promise<Answer> } {
  const specs = specsDirOrSkip()
  let fake: FakeGitHub
  let spec: GitHubSpec | null = null
  beforeAll(async () => {
    if (specs != null) spec = loadGitHubSpec(specs)
    fake = await startFakeGitHub({ token: TOKEN, ...options })
  })
  beforeEach(() => { fake.reset() })
  afterEach(() => { if (spec != null) expect(spec.problems(fake.responses)).toEqual([]) })
  afterAll(async () => { await fake?.close() })
  return {
    fake: () => fake,
    spec: () => spec,
    /** `${fake.url}${path}` (or an absolute URL) with `Authorization: token TOKEN` unless told otherwise (null: none). */
    async call (pathOrUrl, { method = 'GET', auth = `token ${TOKEN}`, body, headers = {} } = {}) {
      const res = await fetch(pathOrUrl.startsWith('http') ? pathOrUrl : fake.url + pathOrUrl, {
        method,
        headers: { accept: 'application/vnd.github+json', ...(auth == null ? {} : { authorization: auth }), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
      })
      const text = await res.text()
      return { status: res.status, headers: res.headers, body: res.headers.get('content-type')?.startsWith('application/json') === true ? JSON.parse(text) : text }
    }
  }
}

/** Every URL of a Link header by rel. */
export function links (header: string | null): Record<string, string> {
  return Object.fromEntries([...(header ?? '').matchAll(/<([^>]+)>;\s*rel="([^"]+)"/g)].map(m => [m[2], m[1]]))
}

/** `/search/issues?...` with q and the other parameters URL-encoded as a client must. */
export const searchPath = (q: string, params: Record<string, string | number> = {}): string =>
  `/search/issues?${new URLSearchParams({ q, ...Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])) }).toString()}`
