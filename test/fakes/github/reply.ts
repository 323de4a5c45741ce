// What a route handler gets and gives back, and GitHub's error bodies: basic-error
// { message, documentation_url, status } for 4xx/5xx, validation-error { message, errors?,
// documentation_url } for 422 (the spec's validation-error declares no `status`). The
// documentation_url is the operation's page, as GitHub gives it.
import type { GitHubState } from './state.ts'

export interface Ctx {
  state: GitHubState
  /** The request URL as sent, for Link headers. */
  url: URL
  query: URLSearchParams
  /** The login of the token's user (creator of deployments). */
  login: string
  now: () => number
  accept: string
  body: unknown
  /** Search answers put search_type before items (the spec's example) unless false. */
  searchTypeFirst: boolean
}

export interface Reply {
  status: number
  body: unknown
  headers?: Record<string, string>
  /** The spec operation ("GET /users/{username}") this answers, or null (unknown route). */
  op: string | null
}

export type Handler = (ctx: Ctx, params: string[]) => Reply

const REST_DOCS = 'https://docs.github.com/rest'
export const docsOf = (state: GitHubState, op: string | null): string => (op == null ? undefined : state.docs[op]) ?? REST_DOCS

export function basicError (state: GitHubState, op: string | null, status: number, message: string): Reply {
  return { status, op, body: { message, documentation_url: docsOf(state, op), status: String(status) } }
}
export const notFound = (state: GitHubState, op: string | null): Reply => basicError(state, op, 404, 'Not Found')

export function validationFailed (state: GitHubState, op: string, message: string, errors?: Array<Record<string, unknown>>): Reply {
  return { status: 422, op, body: { message, ...(errors != null ? { errors } : {}), documentation_url: docsOf(state, op) } }
}

/** 422 for a query parameter outside the spec's enum (GitHub's own answer here is not documented). */
export function badEnum (state: GitHubState, op: string, q: URLSearchParams, name: string, allowed: string[], resource: string): Reply | null {
  const value = q.get(name)
  if (value == null || allowed.includes(value)) return null
  return validationFailed(state, op, 'Validation Failed', [{ resource, field: name, code: 'invalid', value }])
}

export function withLink (reply: Reply, link: string | null): Reply {
  return link == null ? reply : { ...reply, headers: { ...reply.headers, link } }
}

export const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
