// Checks POST bodies against the spec's request schemas (copied into the seed by
// build-fixtures.mjs, so the fake needs no specs folder at run time). GitHub answers a body
// that breaks its schema with 422 "Invalid request." and one line per problem; the fake does
// the same. It is stricter than GitHub in one way: a property the schema does not declare is
// refused (GitHub ignores it), so a misspelt `enviroment` fails a test instead of silently
// deploying to production.
import { createRequire } from 'node:module'
import type { ErrorObject, ValidateFunction } from 'ajv'
import type { Obj } from './state.ts'

// ajv is CommonJS; createRequire gives its real constructor under ESM.
const require = createRequire(import.meta.url)
const Ajv2019 = require('ajv/dist/2019').default as typeof import('ajv/dist/2019.js').default

const ajv = new Ajv2019({ strict: false, allErrors: true })
const cache = new Map<Obj, ValidateFunction>()

function line (e: ErrorObject, body: Obj): string {
  const field = e.instancePath.replace(/^\//, '').replaceAll('/', '.')
  const value = JSON.stringify(field === '' ? body : field.split('.').reduce<unknown>((o, k) => (o as Obj | undefined)?.[k], body))
  if (e.keyword === 'required') return `"${String(e.params.missingProperty)}" wasn't supplied.`
  if (e.keyword === 'unevaluatedProperties') return `fake GitHub: "${String(e.params.unevaluatedProperty)}" is not a property of this request (GitHub would ignore it).`
  if (e.keyword === 'enum') return `For 'properties/${field}', ${value} is not a member of ${JSON.stringify(e.params.allowedValues)}.`
  if (e.keyword === 'type') return `For 'properties/${field}', ${value} is not ${/^[aeiou]/.test(String(e.params.type)) ? 'an' : 'a'} ${String(e.params.type)}.`
  return `For 'properties/${field}', ${value} ${e.message ?? 'is invalid'}.`
}

/** GitHub's 422 message for `body` under `schema`, or null when it is valid. */
export function bodyProblem (schema: Obj, body: unknown): string | null {
  let validate = cache.get(schema)
  if (validate == null) {
    validate = ajv.compile({ ...schema, unevaluatedProperties: false })
    cache.set(schema, validate)
  }
  if (validate(body)) return null
  // oneOf failures repeat one problem per branch; the first line of each kind is enough.
  const lines = [...new Set((validate.errors ?? []).filter(e => e.keyword !== 'oneOf').map(e => line(e, body as Obj)))]
  return `Invalid request.\n\n${lines.join('\n')}`
}
