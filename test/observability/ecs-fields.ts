// Reads the ECS field list (specs/ecs/fields.csv: field_set,field,type,normalization) and
// says which field names of a log line are not ECS fields of the ECS type and not under
// our own namespaces (chatops., labels.).
import { readFileSync } from 'node:fs'
import path from 'node:path'

export type EcsTypes = Map<string, string>

export function readEcsFields (specsDir: string): EcsTypes {
  const types: EcsTypes = new Map()
  const lines = readFileSync(path.join(specsDir, 'ecs', 'fields.csv'), 'utf8').split('\n').slice(1)
  for (const line of lines) {
    const [, field, type] = line.split(',')
    if (field != null && type != null) types.set(field, type)
  }
  return types
}

const STRINGS = new Set(['keyword', 'constant_keyword', 'wildcard', 'match_only_text', 'text', 'ip'])
const INTEGERS = new Set(['long', 'integer', 'short', 'byte', 'unsigned_long'])
const NUMBERS = new Set(['float', 'half_float', 'scaled_float', 'double'])
const OBJECTS = new Set(['object', 'flattened', 'nested', 'geo_point'])

function fits (type: string, value: unknown): boolean {
  if (Array.isArray(value)) return value.every(v => fits(type, v))
  if (STRINGS.has(type)) return typeof value === 'string'
  if (INTEGERS.has(type)) return Number.isInteger(value)
  if (NUMBERS.has(type)) return typeof value === 'number'
  if (type === 'date') return typeof value === 'string' && !Number.isNaN(Date.parse(value))
  if (type === 'boolean') return typeof value === 'boolean'
  if (OBJECTS.has(type)) return value != null && typeof value === 'object'
  return false
}

export const OURS = /^(chatops|labels)\./

/** Every problem with one line's fields: "name: why". Dotted and nested names both count. */
export function ecsProblems (line: Record<string, unknown>, types: EcsTypes, prefix = ''): string[] {
  const problems: string[] = []
  for (const [key, value] of Object.entries(line)) {
    const name = prefix + key
    if (OURS.test(name)) continue
    const type = types.get(name)
    if (type != null) {
      if (!fits(type, value)) problems.push(`${name}: ${JSON.stringify(value)} is not of ECS type ${type}`)
    } else if (value != null && typeof value === 'object' && !Array.isArray(value)) {
      problems.push(...ecsProblems(value as Record<string, unknown>, types, `${name}.`))
    } else {
      problems.push(`${name}: not an ECS field and not under chatops. or labels.`)
    }
  }
  return problems
}

/** Every field name a line holds, dotted, down to ECS leaves and our namespaces' top names. */
export function fieldNames (line: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(line).flatMap(([key, value]) =>
    value != null && typeof value === 'object' && !Array.isArray(value) ? [prefix + key, ...fieldNames(value as Record<string, unknown>, `${prefix}${key}.`)] : [prefix + key])
}
