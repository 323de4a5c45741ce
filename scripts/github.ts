// Description:
//   Open pull requests on GitHub (or GitHub Enterprise Server) for a repository, an
//   organization or a person: the true total, most recently updated first, in one message.
//
// Configuration:
//   HUBOT_GITHUB_TOKEN - a token that can read the repositories' pull requests
//   HUBOT_GITHUB_API - default https://api.github.com (Enterprise Server: https://HOST/api/v3)
//   HUBOT_GITHUB_USER - the owner of a repository named without one
//   HUBOT_GITHUB_ORG - the organization for org-pulls, and the owner when HUBOT_GITHUB_USER is unset
//   HUBOT_GITHUB_TIMEOUT - request timeout, default 10s
//   HUBOT_GITHUB_LIST_LIMIT - pull requests listed in one reply, default 20
//
// Commands:
//   hubot show [me] <repo> pulls - open pull requests of a repository under HUBOT_GITHUB_USER (else HUBOT_GITHUB_ORG)
//   hubot show [me] <owner/repo> pulls [with <regular expression>] - open pull requests whose titles match (RE2 syntax, any case)
//   hubot show [me] org-pulls [for <organization>] - open pull requests across an organization (default HUBOT_GITHUB_ORG), archived repositories left out
//   hubot show [me] my pulls - open pull requests you authored (after github me as)
//   hubot github me as <login> - remember your GitHub login
//   hubot github forget me - forget your GitHub login
//

import type { Response, Robot, TextMessage, User } from 'hubot'
import { BotError } from '../src/core/errors.ts'
import { forgetLogin, gitHubFor, myPulls, orgPulls, rememberLogin, repoPulls, type GitHub } from '../src/services/github/index.ts'

type Res = Response<TextMessage>

export default (robot: Robot): void => {
  // The caller is the brain's user for the message's user id: the login lives there.
  const callerOf = (res: Res): User => robot.brain.data.users[res.message.user.id] ?? res.message.user
  // Every handler but forget-me needs GitHub (so an unconfigured bot says so), then one reply.
  const on = (regex: RegExp, id: string, run: (gh: GitHub, res: Res, caller: User) => Promise<string>): void => {
    robot.respond(regex, { id }, async (res) => { await res.send(await run(gitHubFor(robot), res, callerOf(res))) })
  }

  // `show me my pulls` and `show org-pulls` are not repositories named "my" or "org-pulls".
  on(/show\s+(?:me\s+)?(?!(?:me|my|org-pulls)\s)(\S+)\s+pulls(?:\s+with\b\s*(.*))?$/i, 'github.pulls', async (gh, res) => {
    const filter = res.match[2]
    if (filter != null && filter.trim() === '') throw new BotError('bad_input', 'Give a regular expression after "with", e.g. "show acme/api pulls with ^fix".')
    return await repoPulls(gh, res.match[1], filter)
  })

  on(/show\s+(?:me\s+)?org-pulls(?:\s+for\s+(.+?))?$/i, 'github.org-pulls', async (gh, res) => await orgPulls(gh, res.match[1]))

  on(/show\s+(?:me\s+)?my\s+pulls$/i, 'github.my-pulls', async (gh, _res, caller) => await myPulls(gh, caller))

  on(/github\s+me\s+as(?:\s+(.+))?$/i, 'github.me-as', async (gh, res, caller) => {
    if (res.match[1] == null) throw new BotError('bad_input', 'Say "github me as <login>" with your GitHub login.')
    return await rememberLogin(robot, gh, caller, res.match[1])
  })

  // Only the brain is touched: this works even where GitHub is not configured.
  robot.respond(/github\s+forget\s+me$/i, { id: 'github.forget-me' }, async (res) => { await res.send(forgetLogin(robot, callerOf(res))) })
}
