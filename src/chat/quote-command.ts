// A command shown inside a sentence, in quote marks it does not contain itself: `pager me
// "Primary On-Call" 30` in straight quotes would read as two quoted pieces with words
// between them, so it gets curly ones instead.
const PAIRS: Array<[string, string]> = [['"', '"'], ['“', '”'], ['‘', '’'], ['«', '»']]

export function quoteCommand (text: string): string {
  const [open, close] = PAIRS.find(([o, c]) => !text.includes(o) && !text.includes(c)) ?? PAIRS[PAIRS.length - 1]
  return `${open}${text}${close}`
}
