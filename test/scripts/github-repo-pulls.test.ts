// `show [me] <repo> pulls` through the real robot against the fake GitHub: the true total
// (130 open in acme/api, over two pages of 100), the newest updates first, the line format,
// the list limit with "and N more", the default owner, archived and empty repositories, and
// the requests each takes (first page, plus the last one when there are more).
import { afterEach, describe, expect, test } from '@jest/globals'
import { addPulls, seedState } from '../fakes/github/state.ts'
import { type GitHubBot, sharedGitHubBot, startGitHubBot } from './github-harness.ts'

const seed = seedState()
const openIn = (repo: string): typeof seed.items => seed.items.filter(i => i.repo === repo && i.pull != null && i.state === 'open')
const newestFirst = (items: typeof seed.items): typeof seed.items => [...items].sort((a, b) => b.updated_at.localeCompare(a.updated_at))
const PAGE_1 = 'GET /repos/acme/api/pulls?state=open&sort=updated&direction=desc&per_page=100'

const gh = sharedGitHubBot()

describe('a repository\'s open pull requests', () => {
  test('130 open in acme/api: the true total, the 20 most recently updated, and a link for the other 110, in two requests', async () => {
    const reply = (await gh.say('alice', 'hubot show me acme/api pulls')).split('\n')
    expect(reply[0]).toBe('130 open pull requests in acme/api, most recently updated first:')
    expect(reply).toHaveLength(22)
    const numbers = reply.slice(1, 21).map(l => Number(/^acme\/api#(\d+) /.exec(l)?.[1]))
    expect(numbers).toEqual(newestFirst(openIn('acme/api')).slice(0, 20).map(i => i.number))
    expect(reply[21]).toBe(`and 110 more: ${gh.fake.origin}/acme/api/pulls?q=is%3Apr+is%3Aopen+sort%3Aupdated-desc`)
    // The first page of 100, then the last page (here page 2), whose length completes the count.
    expect(gh.requests()).toEqual([PAGE_1, `${PAGE_1}&page=2`])
  })

  test('each line: repo#number, title, author, age since opened, draft, link', async () => {
    const reply = await gh.say('alice', 'hubot show acme/web pulls')
    const lines = reply.split('\n')
    // The clock reads 2026-11-25 12:00 UTC; acme/web#5 was opened 2026-05-03 (206 days before).
    const five = seed.items.find(i => i.repo === 'acme/web' && i.number === 5)!
    expect([five.title, five.user, five.created_at, five.pull?.draft]).toEqual(['[WIP] Rewrite the orders worker', 'dave', expect.stringMatching(/^2026-05-0[23]/), true])
    expect(lines).toContain('acme/web#5 [WIP] Rewrite the orders worker (dave, 206d, draft) https://github.com/acme/web/pull/5')
    expect(lines).toContain('acme/web#1 Add rate limiting to checkout (alice, 210d) https://github.com/acme/web/pull/1')
    expect(lines[0]).toBe('12 open pull requests in acme/web, most recently updated first:')
    expect(lines).toHaveLength(13) // all of them: no "and N more"
    expect(gh.requests()).toEqual(['GET /repos/acme/web/pulls?state=open&sort=updated&direction=desc&per_page=100'])
  })

  test('a bare name is under HUBOT_GITHUB_ORG (here acme); "show" works without "me"', async () => {
    expect((await gh.say('alice', 'hubot show web pulls')).split('\n')[0]).toBe('12 open pull requests in acme/web, most recently updated first:')
    expect(gh.requests()).toHaveLength(1)
  })

  test('a repository without open pull requests says so; an archived one says it is read-only', async () => {
    expect(await gh.say('alice', 'hubot show acme/docs pulls')).toBe('no open pull requests in acme/docs')
    const legacy = (await gh.say('alice', 'hubot show acme/legacy pulls')).split('\n')
    expect(legacy[0]).toBe('4 open pull requests in acme/legacy (archived: read-only), most recently updated first:')
    expect(legacy).toHaveLength(5)
    expect(gh.requests()).toHaveLength(2)
  })

  test('1050 open: still two requests (the first page and page 11), and the exact total', async () => {
    const added = addPulls(gh.fake.state, 'acme/docs', 1050)
    const reply = (await gh.say('alice', 'hubot show acme/docs pulls')).split('\n')
    expect(reply[0]).toBe('1050 open pull requests in acme/docs, most recently updated first:')
    expect(reply.at(-1)).toMatch(/^and 1030 more: /)
    // addPulls updates each one a minute after the one before: the newest is the last added.
    const newest = added.at(-1)!.number
    expect(reply[1]).toMatch(new RegExp(`^acme/docs#${newest} Generated pull request ${newest} \\(alice, 23d\\) `))
    expect(gh.requests()).toEqual([
      'GET /repos/acme/docs/pulls?state=open&sort=updated&direction=desc&per_page=100',
      'GET /repos/acme/docs/pulls?state=open&sort=updated&direction=desc&per_page=100&page=11'
    ])
  })

  test('a name that is not owner/repo is refused before any request', async () => {
    expect(await gh.say('alice', 'hubot show acme/api/extra pulls')).toBe('alice: "acme/api/extra" is not a repository: say owner/repo (letters, digits, \'.\', \'-\' and \'_\').')
    expect(await gh.say('alice', 'hubot show -acme/api pulls')).toMatch(/is not a repository/)
    expect(gh.requests()).toEqual([])
  })
})

describe('configuration', () => {
  let other: GitHubBot | undefined
  afterEach(async () => { await other?.stop(); other = undefined })

  test('HUBOT_GITHUB_USER is the owner of a bare name before HUBOT_GITHUB_ORG', async () => {
    other = await startGitHubBot({ env: { HUBOT_GITHUB_USER: 'globex' } })
    expect((await other.say('alice', 'hubot show widgets pulls')).split('\n')[0]).toBe('3 open pull requests in globex/widgets, most recently updated first:')
    other.checkAnswers()
  })

  test('without either, a bare name asks for the owner and sends nothing', async () => {
    other = await startGitHubBot({ env: { HUBOT_GITHUB_ORG: '' } })
    expect(await other.say('alice', 'hubot show web pulls')).toBe('alice: Which owner is "web" under? Say owner/repo, or ask the bot\'s admins to set HUBOT_GITHUB_USER or HUBOT_GITHUB_ORG.')
    expect(other.requests()).toEqual([])
  })

  test('HUBOT_GITHUB_LIST_LIMIT sets how many lines are shown; the total stays true', async () => {
    other = await startGitHubBot({ env: { HUBOT_GITHUB_LIST_LIMIT: '5' } })
    const reply = (await other.say('alice', 'hubot show acme/api pulls')).split('\n')
    expect(reply).toHaveLength(7)
    expect(reply[0]).toBe('130 open pull requests in acme/api, most recently updated first:')
    expect(reply[6]).toMatch(/^and 125 more: /)
    other.checkAnswers()
  })
})
