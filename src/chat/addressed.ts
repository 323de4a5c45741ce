// Whether a line already starts with the bot's name or alias, as hubot's respond expects.
// Adapters where every line is for the bot (the terminal, a Slack DM) prefix the name
// when it is missing.

export function escapeRegExp (s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

export function startsWithBotName (text: string, name: string, alias: string | false | null): boolean {
  const names = [name, alias].filter((n): n is string => typeof n === 'string' && n !== '')
  // An alias such as "!" is followed directly by the command ("!help"); a word needs a break.
  return names.some(n => new RegExp(`^\\s*@?${escapeRegExp(n)}${/\w$/.test(n) ? '(?:[:,]|\\s|$)' : ''}`, 'i').test(text))
}
