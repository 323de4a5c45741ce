// Checks answers of the fake GitHub (or fixtures) against GitHub's OpenAPI description,
// strictly: no property the spec does not declare. The allow-list is empty: every field the
// fake sends is declared (the seed takes its fields from the spec's examples, fixed where
// they broke the schema). spec.problems(fake.responses) -> [] when every answer was valid.
import path from 'node:path'
import { readFileSync } from 'node:fs'
import { loadSpecValidator, type AllowList, type SpecValidator } from '../../helpers/spec-validator.ts'
import type { LoggedResponse } from './fake-github.ts'
import type { Obj } from './state.ts'

export interface GitHubSpec {
  /** Errors (empty when valid) for one answer to `op` ("GET /template", or null: no route matched). */
  check (op: string | null, status: number, body: unknown, contentType?: string): string[]
  /** Every problem in a log of answers, each prefixed with its request. */
  problems (responses: LoggedResponse[]): string[]
  subset: SpecValidator
}

const ALLOW: AllowList = {}

// A deployment status's target_url, log_url and environment_url are declared `format: uri`
// with `default: ''`: the spec's own default fails its format. GitHub sends '' for a URL that
// was not given, so that one value is let through, nothing else.
const EMPTY_URL = /^(\/\d+)?\/(target_url|log_url|environment_url) must match format "uri"$/
const DEPLOYMENT_STATUS_OPS = ['POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', 'GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses']
function emptyUrlDefault (op: string, body: unknown, error: string): boolean {
  const m = EMPTY_URL.exec(error)
  if (m == null || !DEPLOYMENT_STATUS_OPS.includes(op)) return false
  const item = (m[1] == null ? body : (body as unknown[])[Number(m[1].slice(1))]) as Obj
  return item?.[m[2]] === ''
}

// Two operations GitHub has that the subset lacks; the fake serves them for a deploy feature.
// Their bodies are the objects the subset's POSTs return, so they are checked as those.
const ALSO_SERVED: Record<string, { as: [string, string, number], list: boolean }> = {
  'GET /repos/{owner}/{repo}/deployments/{deployment_id}': { as: ['POST', '/repos/{owner}/{repo}/deployments', 201], list: false },
  'GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses': { as: ['POST', '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses', 201], list: true }
}

// Error answers an operation does not declare are checked against the shapes the spec declares
// elsewhere: basic-error (404s), validation-error (422s, with `errors`) and the 503 body.
const BASIC: [string, string, number] = ['GET', '/repos/{owner}/{repo}', 404]
const VALIDATION: [string, string, number] = ['GET', '/search/issues', 422]
const UNAVAILABLE: [string, string, number] = ['GET', '/search/issues', 503]

export function loadGitHubSpec (specsDir: string): GitHubSpec {
  const file = path.join(specsDir, 'github', 'github-chatops-subset.json')
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Obj
  const subset = loadSpecValidator(file, ALLOW)
  const split = (op: string): [string, string] => op.split(' ') as [string, string]
  /** The media types an operation declares for a status ({} when it declares none). */
  function content (op: string, status: number): Obj {
    const [method, template] = split(op)
    let response = raw.paths[template]?.[method.toLowerCase()]?.responses?.[status] as Obj | undefined
    if (typeof response?.$ref === 'string') response = response.$ref.replace('#/', '').split('/').reduce<Obj>((n, k) => n[k], raw)
    return (response?.content as Obj | undefined) ?? {}
  }

  function success (op: string, status: number, body: unknown, contentType: string | undefined): string[] {
    return successErrors(op, status, body, contentType).filter(e => !emptyUrlDefault(op, body, e))
  }
  function successErrors (op: string, status: number, body: unknown, contentType: string | undefined): string[] {
    const extra = ALSO_SERVED[op]
    if (extra != null) {
      const [m, t, s] = extra.as
      if (!extra.list) return subset.response(m, t, s, body)
      if (!Array.isArray(body)) return ['/ must be array']
      return body.flatMap((item, i) => subset.response(m, t, s, item).map(e => `/${i}${e}`))
    }
    const [method, template] = split(op)
    if (raw.paths[template]?.[method.toLowerCase()] == null) return [`${op} is not in the spec`]
    if (typeof body === 'string') {
      // A media type other than JSON (the sha of a commit): declared, with a string schema.
      const type = (contentType ?? '').split(';')[0].trim()
      return content(op, status)[type]?.schema?.type === 'string' ? [] : [`${op} ${status} declares no ${type} body`]
    }
    return subset.response(method, template, status, body)
  }

  function check (op: string | null, status: number, body: unknown, contentType?: string): string[] {
    if (status < 400) return op == null ? [`a ${status} for a route the fake does not know`] : success(op, status, body, contentType)
    // A text body only goes out when a test asks for one (failNext with a string body).
    if (typeof body === 'string') return []
    const b = body as Obj | null
    if (typeof b?.message !== 'string') return ['an error body has no `message`']
    if (op != null && content(op, status)['application/json'] != null) return subset.response(...split(op), status, body)
    const shape = status === 422 || Array.isArray(b.errors) ? VALIDATION : status === 503 && b.status === undefined ? UNAVAILABLE : BASIC
    return subset.response(...shape, body)
  }

  return {
    check,
    subset,
    problems: responses => responses.flatMap(r => check(r.op, r.status, r.body, r.headers['content-type']).map(e => `${r.method} ${r.path}?${r.query.toString()} ${r.status}: ${e}`))
  }
}
