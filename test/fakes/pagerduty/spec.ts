// PagerDuty's own OpenAPI description, for the fake to check the bot's request bodies with
// (besides its hand-written rules, which model what the schemas cannot say: at most 250
// incidents, an end after the start). Loaded once per test file from SPECS_DIR; without
// the specs folder the fake checks by its rules only (CI sets REQUIRE_SPECS=1: no skip).
import path from 'node:path'
import { specsDirOrSkip } from '../../helpers/requirements.ts'
import { loadSpecValidator, type SpecValidator } from '../../helpers/spec-validator.ts'

let loaded: SpecValidator | null | undefined

export function pagerDutySpec (): SpecValidator | null {
  if (loaded === undefined) {
    const dir = specsDirOrSkip()
    loaded = dir == null ? null : loadSpecValidator(path.join(dir, 'pagerduty', 'pagerduty-chatops-subset.json'))
  }
  return loaded
}

/**
 * What is wrong with a request body by the spec's request schema, as PagerDuty's 400 lists
 * problems. Stricter than PagerDuty in one way: a field the spec does not declare is refused
 * (PagerDuty ignores it), so a misspelt field fails a test instead of being dropped unseen.
 */
export function specBodyProblems (spec: SpecValidator, method: string, path: string, body: unknown): string[] {
  const template = spec.template(method, path)
  if (template == null) return []
  return spec.request(method, template, body).map(p => `fake PagerDuty, by the spec's request schema: ${p}`)
}
