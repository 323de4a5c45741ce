// `show [me] org-pulls [for <organization>]`: ONE issue search however many repositories
// the organization has (hubot's github-pulls fetched 100 issues, pull requests or not, and
// cut there), archived repositories left out by the query, GitHub's total_count as the true
// total (147 in acme: more than a page), the newest updates first, "and N more" linking
// the same search on the web.
import { afterEach, describe, expect, test } from '@jest/globals'
import { seedState } from '../fakes/github/state.ts'
import { type GitHubBot, sharedGitHubBot, startGitHubBot } from './github-harness.ts'

const seed = seedState()
const archived = new Set(seed.repos.filter(r => r.archived === true).map(r => r.full_name as string))
const openInOrg = (org: string): typeof seed.items => seed.items
  .filter(i => i.pull != null && i.state === 'open' && i.repo.startsWith(`${org}/`) && !archived.has(i.repo))
  .sort((a, b) => b.updated_at.localeCompare(a.updated_at))
const search = (q: string, perPage = 20): string =>
  `GET /search/issues?${new URLSearchParams({ q, sort: 'updated', order: 'desc', per_page: String(perPage) }).toString()}`
const ACME = 'is:pr is:open org:acme archived:false'

const gh = sharedGitHubBot()

describe('an organization\'s open pull requests', () => {
  test('acme (HUBOT_GITHUB_ORG): 147 open outside the archived repository, the 20 newest, in one search request', async () => {
    const expected = openInOrg('acme')
    expect(expected).toHaveLength(147)
    const reply = (await gh.say('alice', 'hubot show me org-pulls')).split('\n')
    expect(reply[0]).toBe('147 open pull requests in acme (archived repositories left out), most recently updated first:')
    expect(reply.slice(1, 21).map(l => /^(\S+) /.exec(l)?.[1])).toEqual(expected.slice(0, 20).map(i => `${i.repo}#${i.number}`))
    expect(reply.some(l => l.includes('acme/legacy'))).toBe(false)
    expect(reply[21]).toBe(`and 127 more: ${gh.fake.origin}/search?q=is%3Apr+is%3Aopen+org%3Aacme+archived%3Afalse&type=pullrequests&s=updated&o=desc`)
    expect(gh.requests()).toEqual([search(ACME)])
  })

  test('a search line is the same as a repository line: repo#number, title, author, age, draft, link', async () => {
    const reply = (await gh.say('alice', 'hubot show org-pulls for acme')).split('\n')
    const item = openInOrg('acme').find(i => i.pull?.draft === true)!
    const line = reply.find(l => l.startsWith(`${item.repo}#${item.number} `))
    expect(line).toMatch(new RegExp(`^${item.repo}#${item.number} .+ \\(${item.user}, \\d+d, draft\\) https://github.com/${item.repo}/pull/${item.number}$`))
  })

  test('another organization by name; names match without regard to case', async () => {
    const reply = (await gh.say('alice', 'hubot show org-pulls for Globex')).split('\n')
    expect(reply[0]).toBe('3 open pull requests in Globex (archived repositories left out), most recently updated first:')
    expect(reply).toHaveLength(4)
    expect(gh.requests()).toEqual([search('is:pr is:open org:Globex archived:false')])
  })

  test('none open says so', async () => {
    for (const item of gh.fake.state.items) if (item.repo.startsWith('globex/')) item.state = 'closed'
    expect(await gh.say('alice', 'hubot show org-pulls for globex')).toBe('no open pull requests in globex (archived repositories left out)')
  })

  test('an organization GitHub does not know (its 422 for a search) is "no such organization"', async () => {
    expect(await gh.say('alice', 'hubot show org-pulls for initech')).toBe("alice: GitHub: no such organization as initech, or the token can't see it (check the name or number and try again)")
  })

  test('a name that is not a GitHub login is refused before any request', async () => {
    expect(await gh.say('alice', 'hubot show org-pulls for acme org:globex')).toBe('alice: "acme org:globex" is not a GitHub organization name: letters, digits and single hyphens, at most 39 characters.')
    expect(gh.requests()).toEqual([])
  })
})

describe('configuration', () => {
  let other: GitHubBot | undefined
  afterEach(async () => { other?.checkAnswers(); await other?.stop(); other = undefined })

  test('HUBOT_GITHUB_LIST_LIMIT=100: a hundred lines from one search of 100; the total still 147', async () => {
    other = await startGitHubBot({ env: { HUBOT_GITHUB_LIST_LIMIT: '100' } })
    const reply = (await other.say('alice', 'hubot show org-pulls')).split('\n')
    expect(reply).toHaveLength(102)
    expect(reply[0]).toMatch(/^147 open pull requests in acme /)
    expect(reply.slice(1, 101).map(l => /^(\S+) /.exec(l)?.[1])).toEqual(openInOrg('acme').slice(0, 100).map(i => `${i.repo}#${i.number}`))
    expect(reply[101]).toMatch(/^and 47 more: /)
    expect(other.requests()).toEqual([search(ACME, 100)])
  })

  test('without HUBOT_GITHUB_ORG, org-pulls asks which organization and sends nothing', async () => {
    other = await startGitHubBot({ env: { HUBOT_GITHUB_ORG: '' } })
    expect(await other.say('alice', 'hubot show org-pulls')).toBe('alice: Which organization? Say "show org-pulls for <organization>", or ask the bot\'s admins to set HUBOT_GITHUB_ORG.')
    expect(other.requests()).toEqual([])
  })
})
