// What a user may type as a GitHub name. Checked before any request, so a typo is named
// back at once and nothing typed in chat is ever spliced into a URL path or a search query
// unchecked (a space or a `repo:` in a "login" would change what the search means).
import { BotError } from '../../core/errors.ts'
import { quoteInput } from '../../chat/quote.ts'

// A user or organization login: letters, digits and single hyphens, not at either end, at
// most 39 characters; Enterprise Managed Users add `_<shortcode>`. src/core/config.ts
// checks HUBOT_GITHUB_USER and HUBOT_GITHUB_ORG with the same grammar.
export const LOGIN = /^[a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38}(?:_[a-z\d]+)?$/i
// A repository name: letters, digits, '.', '-', '_', at most 100; GitHub refuses "." and "..".
const REPO = /^(?!\.\.?$)[\w.-]{1,100}$/

export interface RepoName { owner: string, repo: string }

export function loginArg (typed: string, what: 'login' | 'organization'): string {
  const login = typed.trim().replace(/^@/, '')
  if (!LOGIN.test(login)) {
    throw new BotError('bad_input', `"${quoteInput(typed)}" is not a GitHub ${what === 'login' ? 'login' : 'organization name'}: letters, digits and single hyphens, at most 39 characters.`)
  }
  return login
}

/**
 * `owner/repo`, or a bare `repo` under the default owner (HUBOT_GITHUB_USER, else
 * HUBOT_GITHUB_ORG). Without either default a bare name cannot be placed.
 */
export function repoArg (typed: string, defaultOwner: string | null): RepoName {
  const parts = typed.trim().split('/')
  const bad = (): BotError => new BotError('bad_input', `"${quoteInput(typed)}" is not a repository: say owner/repo (letters, digits, '.', '-' and '_').`)
  if (parts.length > 2) throw bad()
  const [owner, repo] = parts.length === 2 ? parts : [defaultOwner, parts[0]]
  if (owner == null) {
    throw new BotError('bad_input', `Which owner is "${quoteInput(typed)}" under? Say owner/repo, or ask the bot's admins to set HUBOT_GITHUB_USER or HUBOT_GITHUB_ORG.`)
  }
  if (!LOGIN.test(owner) || !REPO.test(repo)) throw bad()
  return { owner, repo }
}
