// Store values are JSON. JSON.stringify returns undefined (not a string) for undefined,
// functions and symbols; stored as-is, that made get() throw, broke the file store's file
// (`"value":undefined`, which then refuses to load on restart) and reached Redis as a
// bad argument. Every store turns a value into JSON through here and refuses those.
export function toJson (value: unknown, what = 'value'): string {
  const json = JSON.stringify(value) as string | undefined
  if (json === undefined) throw new TypeError(`a store ${what} must be JSON (got ${typeof value})`)
  return json
}
