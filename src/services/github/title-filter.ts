// The `with <regular expression>` title filter. A pattern typed in chat runs on re2js, an
// RE2 engine whose matching time is linear in the title's length whatever the pattern, so
// `(a+)+$` over a long title returns as fast as `fix`; JavaScript's own RegExp backtracks
// and would stall the whole bot on it (hubot's github-pulls ran `new RegExp(typed)`). A
// timer around a backtracking match could not help: the match blocks the event loop the
// timer needs. The pattern's length is bounded too, which bounds the compiled program.
// re2js is loaded by the first filter, not at start.
import type { RE2JS } from 're2js'
import { BotError } from '../../core/errors.ts'
import { quoteInput } from '../../chat/quote.ts'

export const MAX_PATTERN = 200

export interface TitleFilter {
  /** The pattern as typed, fit to echo. */
  shown: string
  test (title: string): boolean
}

export async function titleFilter (typed: string): Promise<TitleFilter> {
  const pattern = typed.trim()
  if (pattern.length > MAX_PATTERN) {
    throw new BotError('bad_input', `That regular expression has ${pattern.length} characters; at most ${MAX_PATTERN}, please.`)
  }
  const { RE2JS, RE2JSException, RE2JSSyntaxException } = await import('re2js')
  let re: RE2JS
  try {
    re = RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE)
  } catch (err) {
    if (!(err instanceof RE2JSException)) throw err
    // The description without the pattern, which the message quotes with re2js's own flags prefixed.
    const why = err instanceof RE2JSSyntaxException ? err.getDescription() : err.message
    throw new BotError('bad_input', `"${quoteInput(pattern)}" is not a regular expression I can use (${quoteInput(why, 120)}). RE2 syntax: no backreferences or lookaround.`)
  }
  return { shown: quoteInput(pattern), test: (title) => re.test(title) }
}
