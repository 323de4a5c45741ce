// `show <owner/repo> pulls with <regular expression>`: titles filtered on re2js (linear
// time), every page read, the count of matches out of the true total; an invalid or
// over-long expression is named before any request; a catastrophic pattern over long
// titles cannot stall the bot (hubot's github-pulls ran `new RegExp(typed)` on each title).
import { describe, expect, test } from '@jest/globals'
import { addPulls, seedState } from '../fakes/github/state.ts'
import { sharedGitHubBot } from './github-harness.ts'

const seed = seedState()
const openApi = seed.items.filter(i => i.repo === 'acme/api' && i.pull != null && i.state === 'open')
const PAGE_1 = 'GET /repos/acme/api/pulls?state=open&sort=updated&direction=desc&per_page=100'

const gh = sharedGitHubBot()

describe('the title filter', () => {
  test('matches without regard to case across both pages; counts out of the true total', async () => {
    const expected = openApi.filter(i => /fix|bump/i.test(i.title)).sort((a, b) => b.updated_at.localeCompare(a.updated_at))
    expect(expected.length).toBeGreaterThan(20) // so the cap and "and N more" show
    const reply = (await gh.say('alice', 'hubot show me acme/api pulls with FIX|Bump')).split('\n')
    expect(reply[0]).toBe(`${expected.length} of 130 open pull requests in acme/api match "FIX|Bump", most recently updated first:`)
    expect(reply.slice(1, 21).map(l => Number(/#(\d+) /.exec(l)?.[1]))).toEqual(expected.slice(0, 20).map(i => i.number))
    expect(reply[21]).toBe(`and ${expected.length - 20} more: ${gh.fake.origin}/acme/api/pulls?q=is%3Apr+is%3Aopen+sort%3Aupdated-desc`)
    expect(gh.requests()).toEqual([PAGE_1, `${PAGE_1}&page=2`])
  })

  test('an expression with spaces and alternatives; none matching says so with the total', async () => {
    const expected = openApi.filter(i => /rate limiting|deploy lock/i.test(i.title)).length
    expect((await gh.say('alice', 'hubot show acme/api pulls with rate limiting|deploy lock')).split('\n')[0])
      .toBe(`${expected} of 130 open pull requests in acme/api match "rate limiting|deploy lock", most recently updated first:`)
    expect(await gh.say('alice', 'hubot show acme/api pulls with ^zzz')).toBe('no open pull requests in acme/api match "^zzz" (of 130 open)')
  })

  test('an invalid expression is named, with why, before any request', async () => {
    expect(await gh.say('alice', 'hubot show acme/api pulls with (fix')).toBe('alice: "(fix" is not a regular expression I can use (missing closing )). RE2 syntax: no backreferences or lookaround.')
    expect(await gh.say('alice', 'hubot show acme/api pulls with (a)\\1')).toBe('alice: "(a)\\1" is not a regular expression I can use (invalid escape sequence). RE2 syntax: no backreferences or lookaround.')
    expect(await gh.say('alice', 'hubot show acme/api pulls with')).toBe('alice: Give a regular expression after "with", e.g. "show acme/api pulls with ^fix".')
    expect(await gh.say('alice', `hubot show acme/api pulls with ${'a'.repeat(201)}`)).toBe('alice: That regular expression has 201 characters; at most 200, please.')
    expect(gh.requests()).toEqual([])
  })

  test('past 20 pages (2000 pull requests) the reply says how many were searched', async () => {
    addPulls(gh.fake.state, 'acme/docs', 2050, { title: 'Generated fix' })
    const reply = (await gh.say('alice', 'hubot show acme/docs pulls with fix')).split('\n')
    expect(reply[0]).toBe('2000 of 2050 open pull requests in acme/docs match "fix" (only the 2000 most recently updated were searched), most recently updated first:')
    const requests = gh.requests()
    expect(requests).toHaveLength(21) // 20 pages, then the last (21) for the total
    expect(requests.at(-1)).toBe('GET /repos/acme/docs/pulls?state=open&sort=updated&direction=desc&per_page=100&page=21')
  })
})

describe('a catastrophic expression cannot stall the bot', () => {
  // GitHub allows 256 characters in a title. Against "aaa…a!" a backtracking engine tries
  // every way to split the a's between the two +'s, 2^250 of them, for each title.
  const longTitles = (title: string): void => {
    for (const item of gh.fake.state.items) if (item.repo === 'acme/api') item.title = title
  }

  test('(a+)+$ over 130 titles of 250 a\'s and a "!" answers within a second, and the next line is answered', async () => {
    longTitles(`${'a'.repeat(250)}!`)
    const started = performance.now()
    expect(await gh.say('alice', 'hubot show acme/api pulls with (a+)+$')).toBe('no open pull requests in acme/api match "(a+)+$" (of 130 open)')
    expect(performance.now() - started).toBeLessThan(1000)
    expect((await gh.say('bob', 'hubot show acme/web pulls')).split('\n')[0]).toBe('12 open pull requests in acme/web, most recently updated first:')
  })

  test('(x+x+)+y likewise; and the same expression still matches where it should', async () => {
    longTitles('x'.repeat(255))
    const started = performance.now()
    expect(await gh.say('alice', 'hubot show acme/api pulls with (x+x+)+y')).toBe('no open pull requests in acme/api match "(x+x+)+y" (of 130 open)')
    expect(performance.now() - started).toBeLessThan(1000)
    gh.fake.state.items.find(i => i.repo === 'acme/api' && i.number === 7)!.title = `${'x'.repeat(200)}y`
    expect((await gh.say('alice', 'hubot show acme/api pulls with (x+x+)+y')).split('\n')[0]).toBe('1 of 130 open pull requests in acme/api match "(x+x+)+y", most recently updated first:')
  })
})
