// `github me as <login>` (checked against GitHub, kept on the caller's brain user as GitHub
// spells it), `github forget me`, and `show [me] my pulls`: one search by author, archived
// repositories left out, every organization the token can see.
import { beforeEach, expect, test } from '@jest/globals'
import { startTestBot } from '../helpers/bot.ts'
import { seedState } from '../fakes/github/state.ts'
import { sharedGitHubBot } from './github-harness.ts'

const seed = seedState()
const archived = new Set(seed.repos.filter(r => r.archived === true).map(r => r.full_name as string))
const openBy = (login: string): typeof seed.items => seed.items
  .filter(i => i.pull != null && i.state === 'open' && i.user === login && !archived.has(i.repo))
  .sort((a, b) => b.updated_at.localeCompare(a.updated_at))

const gh = sharedGitHubBot()
beforeEach(() => {
  for (const user of Object.values(gh.bot.robot.brain.users())) delete user.githubLogin
})

test('my pulls before github me as says how to set it, and sends nothing', async () => {
  expect(await gh.say('alice', 'hubot show me my pulls')).toBe('alice: I don\'t know your GitHub login: say "github me as <your GitHub login>".')
  expect(gh.requests()).toEqual([])
})

test('github me as looks the login up once and keeps it as GitHub spells it; my pulls is then one search', async () => {
  expect(await gh.say('alice', 'hubot github me as ALICE')).toBe('OK, you are alice on GitHub (Alice Andersen) - https://github.com/alice')
  expect(gh.bot.robot.brain.userForId('alice').githubLogin).toBe('alice')
  expect(gh.requests()).toEqual(['GET /users/ALICE'])

  const expected = openBy('alice')
  expect(expected.some(i => i.repo.startsWith('globex/'))).toBe(true) // across organizations
  const reply = (await gh.say('alice', 'hubot show my pulls')).split('\n')
  expect(reply[0]).toBe(`${expected.length} open pull requests by alice, most recently updated first:`)
  expect(reply.slice(1, 21).map(l => /^(\S+) /.exec(l)?.[1])).toEqual(expected.slice(0, 20).map(i => `${i.repo}#${i.number}`))
  expect(reply.slice(1, 21).every(l => l.includes('(alice, '))).toBe(true)
  expect(reply[21]).toBe(`and ${expected.length - 20} more: ${gh.fake.origin}/search?q=is%3Apr+is%3Aopen+author%3Aalice+archived%3Afalse&type=pullrequests&s=updated&o=desc`)
  expect(gh.requests()).toEqual(['GET /search/issues?q=is%3Apr+is%3Aopen+author%3Aalice+archived%3Afalse&sort=updated&order=desc&per_page=20'])
})

test('the login is per chat user: bob has none until he says his', async () => {
  await gh.say('alice', 'hubot github me as alice')
  expect(await gh.say('bob', 'hubot show me my pulls')).toMatch(/^bob: I don't know your GitHub login/)
  await gh.say('bob', 'hubot github me as bob')
  expect((await gh.say('bob', 'hubot show me my pulls')).split('\n')[0]).toBe(`${openBy('bob').length} open pull requests by bob, most recently updated first:`)
})

test('a login GitHub does not have, an organization, or one that is not a login is refused and nothing is kept', async () => {
  expect(await gh.say('alice', 'hubot github me as nobody-here')).toBe('alice: GitHub: no user nobody-here (check the name or number and try again)')
  expect(await gh.say('alice', 'hubot github me as acme')).toBe('alice: acme is an organization on GitHub; give your own login.')
  expect(await gh.say('alice', 'hubot github me as -alice')).toBe('alice: "-alice" is not a GitHub login: letters, digits and single hyphens, at most 39 characters.')
  expect(await gh.say('alice', 'hubot github me as alice author:bob')).toMatch(/is not a GitHub login/)
  expect(await gh.say('alice', 'hubot github me as')).toBe('alice: Say "github me as <login>" with your GitHub login.')
  expect(gh.bot.robot.brain.userForId('alice').githubLogin).toBeUndefined()
  expect(gh.requests()).toEqual(['GET /users/nobody-here', 'GET /users/acme'])
})

test('github forget me removes it; my pulls asks again', async () => {
  await gh.say('alice', 'hubot github me as alice')
  expect(await gh.say('alice', 'hubot github forget me')).toBe('OK, I forgot your GitHub login.')
  expect(gh.bot.robot.brain.userForId('alice').githubLogin).toBeUndefined()
  expect(await gh.say('alice', 'hubot github forget me')).toBe('I had no GitHub login for you; nothing to forget.')
  expect(await gh.say('alice', 'hubot show me my pulls')).toMatch(/^alice: I don't know your GitHub login/)
})

test('a person with no open pull requests is told so', async () => {
  await gh.say('alice', 'hubot github me as octocat')
  for (const item of gh.fake.state.items) if (item.user === 'octocat') item.state = 'closed'
  expect(await gh.say('alice', 'hubot show me my pulls')).toBe('no open pull requests by octocat')
})

test('github forget me needs no GitHub configuration (it only touches the brain)', async () => {
  const bot = await startTestBot({ scripts: ['github.ts'] })
  try {
    bot.robot.brain.userForId('alice', { name: 'alice' }).githubLogin = 'alice'
    expect(await bot.say('alice', 'hubot github forget me')).toEqual(['OK, I forgot your GitHub login.'])
  } finally { await bot.stop() }
})
