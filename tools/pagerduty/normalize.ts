// Makes PagerDuty's OpenAPI subset generate TypeScript that compiles and matches the wire.
// The published spec, as openapi-typescript reads it, has three faults (issue 6):
//  1. $refs pointing inside other schemas (`#/components/schemas/Tag/allOf/0`, a response's
//     inline schema) become `components["schemas"]["Tag"]["allOf"][0]`, which is no type:
//     we hoist each target into components.schemas under a name of its own.
//  2. Array query parameters (`statuses[]`, `include[]`, `urgencies[]`) declare one enum
//     value with `uniqueItems`; PagerDuty takes several, so we wrap them in an array.
//  3. Header parameters (Accept, Content-Type, From) are `required` even on GETs; the client
//     sets them itself, so they become optional.
// Pure: takes a parsed document, returns a new one. Used only by generate.ts (at gen time).

type Json = Record<string, unknown>

const isObject = (v: unknown): v is Json => v != null && typeof v === 'object' && !Array.isArray(v)

function pointer (doc: Json, ref: string): unknown {
  return ref.replace(/^#\//, '').split('/')
    .map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (node as Json | undefined)?.[key], doc)
}

/** A ref deeper than #/components/<kind>/<name>. */
const isDeep = (ref: string): boolean => ref.startsWith('#/components/') && ref.split('/').length > 4

function hoistedName (ref: string): string {
  const parts = ref.split('/').slice(3).map(s => s.replace(/~1/g, '_').replace(/[^A-Za-z0-9_]/g, '_'))
  return parts.filter(p => p !== 'content' && p !== 'application_json' && p !== 'schema').join('_')
}

function rewriteRefs (node: unknown, visit: (ref: string) => string): unknown {
  if (Array.isArray(node)) return node.map(n => rewriteRefs(n, visit))
  if (!isObject(node)) return node
  const out: Json = {}
  for (const [k, v] of Object.entries(node)) out[k] = k === '$ref' && typeof v === 'string' ? visit(v) : rewriteRefs(v, visit)
  return out
}

export function normalizeSpec (input: Json): Json {
  const doc = structuredClone(input)
  const components = (doc.components ??= {}) as Json
  const hoisted = new Map<string, string>()
  const extra: Json = {} // hoisted schemas, added after the rewrite

  const visit = (ref: string): string => {
    if (!isDeep(ref)) return ref
    let name = hoisted.get(ref)
    if (name == null) {
      name = hoistedName(ref)
      hoisted.set(ref, name)
      const target = pointer(input, ref)
      if (target == null) throw new Error(`normalize: ${ref} points at nothing`)
      extra[name] = rewriteRefs(target, visit)
    }
    return `#/components/schemas/${name}`
  }
  doc.paths = rewriteRefs(doc.paths, visit)
  components.schemas = rewriteRefs(components.schemas ?? {}, visit)
  components.responses = rewriteRefs(components.responses, visit)
  components.parameters = rewriteRefs(components.parameters, visit)
  Object.assign(components.schemas as Json, extra)

  const fixParameter = (p: Json): void => {
    const schema = p.schema as Json | undefined
    if (p.in === 'header') p.required = false
    if (p.in === 'query' && typeof p.name === 'string' && p.name.endsWith('[]') && schema != null && schema.type !== 'array') {
      const { uniqueItems, ...item } = schema
      p.schema = { type: 'array', items: item, ...(uniqueItems != null ? { uniqueItems } : {}) }
    }
  }
  for (const p of Object.values((components.parameters ?? {}) as Json)) if (isObject(p)) fixParameter(p)
  for (const item of Object.values(doc.paths as Json)) {
    for (const op of Object.values(item as Json)) {
      const params = isObject(op) ? op.parameters : Array.isArray(op) ? op : undefined
      if (Array.isArray(params)) for (const p of params) if (isObject(p) && p.$ref == null) fixParameter(p)
    }
  }
  return doc
}
