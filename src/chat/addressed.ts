// The bot-name rule: whether a line is addressed to the bot by its name or alias, as
// hubot's respond expects, and the line without that address. Adapters where every line
// is for the bot (the terminal, a Slack DM) prefix the name when it is missing; approval
// requests show the command without it.
import { escapeRegExp } from '../core/regexp.ts'

type Alias = string | false | null | undefined

// An alias such as "!" is followed directly by the command ("!help"); a word needs a
// break (a colon, comma, space or the end), so the alias "hu" never takes "hu" off
// "hubot". Longest first, as hubot's respondPattern does.
function address (name: string, alias: Alias): RegExp {
  const names = [name, alias].filter((n): n is string => typeof n === 'string' && n !== '').sort((a, b) => b.length - a.length)
  const one = (n: string): string => `${escapeRegExp(n)}${/\w$/.test(n) ? '(?=[:,]|\\s|$)' : ''}`
  return new RegExp(`^\\s*@?(?:${names.map(one).join('|')})[:,]?\\s*`, 'i')
}

export function startsWithBotName (text: string, name: string, alias: Alias): boolean {
  return address(name, alias).test(text)
}

/** The line without the bot's name or alias in front ("hubot: deploy x", "!deploy x" -> "deploy x"). */
export function withoutBotName (text: string, name: string, alias: Alias): string {
  return text.replace(address(name, alias), '').trim()
}
