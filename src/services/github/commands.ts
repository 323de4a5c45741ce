// The pull request commands. Requests per command:
//   a repository: 1, or 2 when it has more than 100 open (the last page gives the total);
//     with a title filter, every page of 100 (up to MAX_SCAN_PAGES), plus the last for the
//     total when it has more
//   an organization or a person: one issue search (GitHub's total_count is the true total;
//     archived repositories are left out by the query), never one request per repository
import type { Robot, User as ChatUser } from 'hubot'
import { BotError } from '../../core/errors.ts'
import { plural } from '../../chat/plural.ts'
import { quoteInput } from '../../chat/quote.ts'
import { callerLogin, type GitHub } from './for-robot.ts'
import { listReply } from './format.ts'
import { repoPullsPage, searchPage } from './links.ts'
import { loginArg, repoArg } from './names.ts'
import { titleFilter } from './title-filter.ts'

// A filter reads every title: 20 pages of 100 is 20 requests of GitHub's 5,000 an hour.
export const MAX_SCAN_PAGES = 20
const TELL_ME = 'say "github me as <your GitHub login>"'

export async function repoPulls (gh: GitHub, typedRepo: string, typedFilter?: string): Promise<string> {
  const { owner, repo } = repoArg(typedRepo, gh.user ?? gh.org)
  const filter = typedFilter != null ? await titleFilter(typedFilter) : null
  const list = await gh.client.listOpenPulls(owner, repo, filter != null ? { maxPages: MAX_SCAN_PAGES } : null)
  const name = `${owner}/${repo}`
  const archived = list.pulls.some(p => p.archived === true) ? ' (archived: read-only)' : ''
  const moreLink = repoPullsPage(gh.web, owner, repo)
  if (filter == null) {
    if (list.total === 0) return `no open pull requests in ${name}`
    const header = `${plural(list.total, 'open pull request')} in ${name}${archived}, most recently updated first`
    return listReply({ header, pulls: list.pulls, total: list.total, limit: gh.listLimit, moreLink, nowMs: gh.now() })
  }
  const matching = list.pulls.filter(p => filter.test(p.title))
  // Past MAX_SCAN_PAGES the oldest updated ones were not read: say so rather than guess.
  const partly = list.pulls.length < list.total ? `only the ${list.pulls.length} most recently updated were searched` : null
  if (matching.length === 0) return `no open pull requests in ${name} match "${filter.shown}" (of ${list.total} open${partly != null ? `; ${partly}` : ''})`
  const header = `${matching.length} of ${plural(list.total, 'open pull request')} in ${name}${archived} match "${filter.shown}"${partly != null ? ` (${partly})` : ''}, most recently updated first`
  return listReply({ header, pulls: matching, total: matching.length, limit: gh.listLimit, moreLink, nowMs: gh.now() })
}

async function searchReply (gh: GitHub, q: string, subject: string, notFound: string): Promise<string> {
  const list = await gh.client.searchPulls(q, gh.listLimit, notFound)
  const short = list.complete ? '' : " (GitHub's search timed out, so the total may be short)"
  if (list.total === 0) return `no open pull requests ${subject}${short}`
  const header = `${plural(list.total, 'open pull request')} ${subject}${short}, most recently updated first`
  return listReply({ header, pulls: list.pulls, total: list.total, limit: gh.listLimit, moreLink: searchPage(gh.web, q), nowMs: gh.now() })
}

export async function orgPulls (gh: GitHub, typedOrg?: string): Promise<string> {
  if (typedOrg == null && gh.org == null) {
    throw new BotError('bad_input', 'Which organization? Say "show org-pulls for <organization>", or ask the bot\'s admins to set HUBOT_GITHUB_ORG.')
  }
  const org = typedOrg != null ? loginArg(typedOrg, 'organization') : gh.org!
  return await searchReply(gh, `is:pr is:open org:${org} archived:false`, `in ${org} (archived repositories left out)`,
    `no such organization as ${org}, or the token can't see it`)
}

export async function myPulls (gh: GitHub, caller: ChatUser): Promise<string> {
  const login = callerLogin(caller)
  if (login == null) throw new BotError('bad_input', `I don't know your GitHub login: ${TELL_ME}.`)
  return await searchReply(gh, `is:pr is:open author:${login} archived:false`, `by ${login}`,
    `no user ${login}, the login you gave with "github me as"; ${TELL_ME}`)
}

export async function rememberLogin (robot: Robot, gh: GitHub, caller: ChatUser, typed: string): Promise<string> {
  const wanted = loginArg(typed, 'login')
  // Looked up, so a typo is caught now, not at the next "my pulls", and the login is kept as GitHub spells it.
  const user = await gh.client.getUser(wanted)
  if (user.type === 'Organization') throw new BotError('bad_input', `${user.login} is an organization on GitHub; give your own login.`)
  const stored = robot.brain.userForId(caller.id)
  stored.githubLogin = user.login
  robot.brain.save()
  return `OK, you are ${user.login} on GitHub${user.name != null ? ` (${quoteInput(user.name)})` : ''} - ${user.url}`
}

export function forgetLogin (robot: Robot, caller: ChatUser): string {
  const stored = robot.brain.userForId(caller.id)
  if (callerLogin(stored) == null) return 'I had no GitHub login for you; nothing to forget.'
  delete stored.githubLogin
  robot.brain.save()
  return 'OK, I forgot your GitHub login.'
}
