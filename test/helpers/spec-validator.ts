// A strict response validator for vendor OpenAPI 3.0 documents, for checking fakes and
// fixtures against the real API (see ../shared/specs/README.md). Strict means:
//  - OpenAPI 3.0 `nullable` is converted to JSON Schema (`type: [x, 'null']`, or anyOf null);
//  - every object schema gets "no undeclared properties" (`unevaluatedProperties: false`,
//    which, unlike additionalProperties, sees properties declared by allOf members and
//    $refs), except where it is itself an allOf member (its parent carries the check);
//  - an allow-list adds what real responses carry beyond the spec, per schema pointer.
// Usage: const v = loadSpecValidator(file); v.response('GET', '/incidents', 200, body) -> errors;
// v.request('POST', '/incidents', body) -> errors for a request body, as strictly (a field the
// spec does not declare is an error, though a vendor would mostly ignore it: a misspelt
// field must fail a test, not be dropped in silence).
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { ErrorObject, ValidateFunction } from 'ajv'
import { escapeRegExp } from '../../src/core/regexp.ts'

// ajv and ajv-formats are CommonJS; createRequire gives their real constructors under ESM.
const require = createRequire(import.meta.url)
const Ajv2019 = require('ajv/dist/2019').default as typeof import('ajv/dist/2019.js').default
const addFormats = require('ajv-formats') as (ajv: InstanceType<typeof Ajv2019>) => void

type Json = Record<string, unknown>
const isObject = (v: unknown): v is Json => v != null && typeof v === 'object' && !Array.isArray(v)

/** Extra properties allowed per schema pointer, each with the reason. */
export type AllowList = Record<string, { properties: string[], why: string }>

// The OpenAPI 3.0 keywords that are annotations only; the rest is JSON Schema.
const ANNOTATIONS = ['example', 'examples', 'xml', 'externalDocs', 'discriminator', 'deprecated']

function convert (node: unknown, allOfMember: boolean): unknown {
  if (Array.isArray(node)) return node.map(n => convert(n, false))
  if (!isObject(node)) return node
  const out: Json = {}
  for (const [k, v] of Object.entries(node)) {
    if (ANNOTATIONS.includes(k) || k.startsWith('x-') || k === 'nullable') continue
    if (k === 'allOf' && Array.isArray(v)) out[k] = v.map(m => convert(m, true))
    else if (k === 'properties' && isObject(v)) out[k] = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, convert(s, false)]))
    else if (k === 'example' || k === 'default' || k === 'enum') out[k] = v
    else out[k] = convert(v, false)
  }
  const objectLike = out.properties != null || out.allOf != null || out.$ref != null
  const isSchema = out.type === 'object' || objectLike
  if (isSchema && !allOfMember && objectLike && out.additionalProperties === undefined && out.unevaluatedProperties === undefined) {
    out.unevaluatedProperties = false
  }
  if (node.nullable === true) {
    if (typeof out.type === 'string') {
      out.type = [out.type, 'null']
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null]
    } else {
      return { anyOf: [out, { type: 'null' }] }
    }
  }
  return out
}

function pointer (doc: Json, ref: string): unknown {
  return ref.replace(/^#\//, '').split('/').map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((n, key) => (n as Json | undefined)?.[key], doc)
}
const escape = (s: string): string => s.replace(/~/g, '~0').replace(/\//g, '~1')

export interface SpecValidator {
  /** Errors (empty when valid) for a response body of `METHOD /template` with this status. */
  response (method: string, template: string, status: number, body: unknown): string[]
  /** Errors (empty when valid) for a JSON request body of `METHOD /template`. */
  request (method: string, template: string, body: unknown): string[]
  /** The path template (e.g. /incidents/{id}) of a concrete path, or null. */
  template (method: string, path: string): string | null
}

export function loadSpecValidator (file: string, allow: AllowList = {}): SpecValidator {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Json
  const doc = structuredClone(raw)
  // Only the components and paths hold schemas; convert those subtrees.
  doc.components = convertComponents(doc.components as Json)
  doc.paths = convert(doc.paths, false)
  for (const [ptr, { properties }] of Object.entries(allow)) {
    const schema = pointer(doc, ptr) as Json | undefined
    if (schema == null) throw new Error(`allow-list: ${ptr} is not in ${file}`)
    schema.properties = { ...(schema.properties as Json | undefined), ...Object.fromEntries(properties.map(p => [p, {}])) }
  }
  doc.$id = 'spec'
  const ajv = new Ajv2019({ strict: false, allErrors: true, validateFormats: true })
  addFormats(ajv)
  for (const f of ['url', 'tzinfo', 'activesupport-time-zone', 'partial-time', 'color', 'utc-millisec']) ajv.addFormat(f, true)
  ajv.addSchema(doc)
  const cache = new Map<string, ValidateFunction>()
  const paths = Object.keys(raw.paths as Json)

  return {
    template (method, path) {
      const bare = path.split('?')[0]
      return paths.find(t => {
        const re = new RegExp('^' + t.split(/\{[^}]+\}/).map(escapeRegExp).join('[^/]+') + '$')
        return re.test(bare) && isObject((raw.paths as Json)[t]) && ((raw.paths as Json)[t] as Json)[method.toLowerCase()] != null
      }) ?? null
    },
    response (method, template, status, body) {
      const opPtr = `#/paths/${escape(template)}/${method.toLowerCase()}/responses/${status}`
      let response = pointer(raw, opPtr) as Json | undefined
      if (response == null) return [`${method} ${template} declares no ${status} response`]
      let ptr = opPtr
      if (typeof response.$ref === 'string') { ptr = response.$ref; response = pointer(raw, ptr) as Json }
      const content = response.content as Json | undefined
      if (content?.['application/json'] == null) return body == null || body === '' ? [] : [`${method} ${template} ${status} declares no JSON body`]
      return check(`spec${ptr}/content/application~1json/schema`, body)
    },
    request (method, template, body) {
      let ptr = `#/paths/${escape(template)}/${method.toLowerCase()}/requestBody`
      let requestBody = pointer(raw, ptr) as Json | undefined
      if (requestBody == null) return body == null ? [] : [`${method} ${template} takes no request body`]
      if (typeof requestBody.$ref === 'string') { ptr = requestBody.$ref; requestBody = pointer(raw, ptr) as Json }
      if ((requestBody.content as Json | undefined)?.['application/json'] == null) return [`${method} ${template} takes no JSON body`]
      return check(`spec${ptr}/content/application~1json/schema`, body)
    }
  }

  function check (schemaRef: string, body: unknown): string[] {
    const validate = cache.get(schemaRef) ?? ajv.compile({ $ref: schemaRef })
    cache.set(schemaRef, validate)
    return validate(body) ? [] : (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'} ${e.message ?? ''}${e.params != null && 'unevaluatedProperty' in e.params ? `: ${String(e.params.unevaluatedProperty)}` : ''}`)
  }
}

function convertComponents (components: Json): Json {
  const out: Json = { ...components }
  // Named schemas are often allOf members elsewhere (Reference, Tag/allOf/0): no strictness at
  // their root; every use site ($ref outside allOf, or a response) carries it instead.
  out.schemas = Object.fromEntries(Object.entries(components.schemas as Json ?? {}).map(([k, s]) => [k, convert(s, true)]))
  for (const key of ['responses', 'parameters', 'requestBodies']) if (components[key] != null) out[key] = convert(components[key], false)
  return out
}
