// The normalising generator: what it fixes in PagerDuty's spec, and that the committed
// schema.gen.ts is what `npm run gen:pagerduty` makes from the spec today.
import { readFileSync } from 'node:fs'
import { describe, expect, test } from '@jest/globals'
import { normalizeSpec } from '../../tools/pagerduty/normalize.ts'
import { OUTPUT, generatePagerDutyTypes } from '../../tools/pagerduty/generate.ts'
import { specsDirOrSkip } from '../helpers/requirements.ts'

describe('normalizeSpec', () => {
  const doc = {
    paths: {
      '/things': {
        get: {
          parameters: [{ $ref: '#/components/parameters/statuses' }, { $ref: '#/components/parameters/accept' }],
          responses: { 400: { content: { 'application/json': { schema: { $ref: '#/components/responses/Bad/content/application~1json/schema' } } } } }
        }
      }
    },
    components: {
      parameters: {
        statuses: { name: 'statuses[]', in: 'query', schema: { type: 'string', enum: ['a', 'b'], uniqueItems: true } },
        ids: { name: 'ids[]', in: 'query', schema: { type: 'array', items: { type: 'string' } } },
        accept: { name: 'Accept', in: 'header', required: true, schema: { type: 'string' } }
      },
      schemas: {
        Tag: { allOf: [{ type: 'object', properties: { id: { type: 'string' } } }, { type: 'object', properties: { label: { type: 'string' } } }] },
        Thing: { allOf: [{ $ref: '#/components/schemas/Tag/allOf/0' }] }
      },
      responses: { Bad: { content: { 'application/json': { schema: { type: 'object', properties: { error: { type: 'string' } } } } } } }
    }
  }
  const out = normalizeSpec(doc) as typeof doc & { components: { schemas: Record<string, unknown> } }

  test('deep $refs are hoisted into named schemas', () => {
    expect(out.components.schemas.Tag_allOf_0).toEqual({ type: 'object', properties: { id: { type: 'string' } } })
    expect(out.components.schemas.Thing).toEqual({ allOf: [{ $ref: '#/components/schemas/Tag_allOf_0' }] })
    expect(out.components.schemas.Bad).toEqual({ type: 'object', properties: { error: { type: 'string' } } })
    expect(JSON.stringify(out.paths)).toContain('"#/components/schemas/Bad"')
  })

  test('one-valued "[]" query parameters become arrays; real arrays are left alone', () => {
    expect(out.components.parameters.statuses.schema).toEqual({ type: 'array', items: { type: 'string', enum: ['a', 'b'] }, uniqueItems: true })
    expect(out.components.parameters.ids.schema).toEqual({ type: 'array', items: { type: 'string' } })
  })

  test('header parameters are optional (the client sets them)', () => {
    expect(out.components.parameters.accept.required).toBe(false)
  })

  test('the input is not changed', () => {
    expect(doc.components.parameters.accept.required).toBe(true)
  })
})

const specs = specsDirOrSkip()
;(specs == null ? test.skip : test)('the committed schema.gen.ts is what the generator makes from the spec', async () => {
  expect(await generatePagerDutyTypes(specs!)).toBe(readFileSync(OUTPUT, 'utf8'))
})
