// Picking one PagerDuty object by what someone typed: case-insensitive;
// an exact name wins, else the one name containing every typed word; several -> ask which,
// listing them; none -> say so. Never more than one: hubot-pager-me applied overrides to
// every fuzzily matching schedule.
import { BotError } from '../../core/errors.ts'

export interface Named { name: string, kind: string }

const words = (s: string): string[] => s.toLowerCase().split(/\s+/).filter(Boolean)

export function pickByName<T> (typed: string, items: T[], describe: (item: T) => Named, what: string): T {
  const wanted = typed.trim().toLowerCase()
  const exact = items.filter(i => describe(i).name.toLowerCase() === wanted)
  if (exact.length === 1) return exact[0]
  const containing = exact.length > 1
    ? exact
    : items.filter(i => { const name = describe(i).name.toLowerCase(); return words(wanted).every(w => name.includes(w)) })
  if (containing.length === 1) return containing[0]
  if (containing.length === 0) {
    const hint = what === 'service' || what === 'schedule' ? ` (say "pager ${what}s" to list them)` : ''
    throw new BotError('not_found', `No ${what} matches "${typed.trim()}". Check the name${hint}.`)
  }
  const listed = containing.slice(0, 10).map(i => { const d = describe(i); return `${d.name} (${d.kind})` })
  const more = containing.length > 10 ? ` and ${containing.length - 10} more` : ''
  const many = what.includes(' or ') ? 'targets' : `${what}s`
  throw new BotError('ambiguous', `"${typed.trim()}" matches ${containing.length} ${many}: ${listed.join(', ')}${more}. Which one? Use the full name, quoted if it has spaces.`)
}
