// GitHub Enterprise Server: the API under https://HOST/api/v3 (HUBOT_GITHUB_API), the web
// pages at https://HOST. Every request goes under the base path, pagination follows the
// server's own Link URLs, and "and N more" links the server's web pages.
import { expect, test } from '@jest/globals'
import { webOrigin } from '../../src/services/github/index.ts'
import { sharedGitHubBot } from './github-harness.ts'

const gh = sharedGitHubBot({ fake: { basePath: '/api/v3' } })

test('the web origin of an API base', () => {
  expect(webOrigin('https://api.github.com')).toBe('https://github.com')
  expect(webOrigin('https://github.acme.example/api/v3')).toBe('https://github.acme.example')
  expect(webOrigin('https://github.acme.example:8443/api/v3/')).toBe('https://github.acme.example:8443')
  expect(webOrigin('https://api.acme.ghe.com')).toBe('https://acme.ghe.com')
})

test('a repository over two pages: both requests under /api/v3; links on the server', async () => {
  expect(gh.bot.context.config.github).toMatchObject({ enabled: true, apiUrl: `${gh.fake.origin}/api/v3` })
  const reply = (await gh.say('alice', 'hubot show acme/api pulls')).split('\n')
  expect(reply[0]).toBe('130 open pull requests in acme/api, most recently updated first:')
  expect(reply[1]).toMatch(new RegExp(`^acme/api#\\d+ .+ ${gh.fake.origin}/acme/api/pull/\\d+$`))
  expect(reply[21]).toBe(`and 110 more: ${gh.fake.origin}/acme/api/pulls?q=is%3Apr+is%3Aopen+sort%3Aupdated-desc`)
  expect(gh.requests()).toEqual([
    'GET /api/v3/repos/acme/api/pulls?state=open&sort=updated&direction=desc&per_page=100',
    'GET /api/v3/repos/acme/api/pulls?state=open&sort=updated&direction=desc&per_page=100&page=2'
  ])
})

test('org-pulls searches under /api/v3 and links the server\'s search page', async () => {
  const reply = (await gh.say('alice', 'hubot show org-pulls')).split('\n')
  expect(reply[0]).toMatch(/^147 open pull requests in acme /)
  expect(reply[21]).toBe(`and 127 more: ${gh.fake.origin}/search?q=is%3Apr+is%3Aopen+org%3Aacme+archived%3Afalse&type=pullrequests&s=updated&o=desc`)
  expect(gh.requests()).toEqual(['GET /api/v3/search/issues?q=is%3Apr+is%3Aopen+org%3Aacme+archived%3Afalse&sort=updated&order=desc&per_page=20'])
})

test('github me as looks the user up under /api/v3', async () => {
  expect(await gh.say('alice', 'hubot github me as erin')).toMatch(new RegExp(`^OK, you are erin on GitHub .* - ${gh.fake.origin}/erin$`))
  expect(gh.requests()).toEqual(['GET /api/v3/users/erin'])
})
