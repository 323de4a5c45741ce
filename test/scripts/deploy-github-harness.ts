// A deploy bot (deploy, approvals, roles) whose apps name acme/api on a fresh fake GitHub
// sharing the bot's manual clock; bob holds the deployers role. Every answer the fake gave
// is checked against GitHub's spec by checkAnswers. Seed: acme/api's main, tags v1.0.0 and
// v1.1.0 (main~5), release/1.1 (CI still running), a branch per pull request.
import type { Robot } from 'hubot'
import { expect } from '@jest/globals'
import { ManualClock } from '../helpers/bot.ts'
import { newEntries } from '../helpers/vendor-session.ts'
import { specsDirOrSkip } from '../helpers/requirements.ts'
import { startFakeGitHub, type FakeGitHub } from '../fakes/github/fake-github.ts'
import { TOKEN } from '../fakes/github/harness.ts'
import { loadGitHubSpec } from '../fakes/github/spec-check.ts'
import { tuneGitHub } from '../../src/services/github/index.ts'
import { MemoryBrain } from '../../src/brain/memory.ts'
import type { SharedStore } from '../../src/store/index.ts'
import { FIX, startDeployBot, type DeployBot } from '../deploy/harness.ts'
import { FAST } from './github-harness.ts'

export const LOG_URL = 'https://logs.example.com/deploys/{deploy_id}'

export const yamlFor = (extra: { api?: string, production?: string, tasks?: string } = {}): string => `
apps:
  api:
    repo: acme/api
    ${extra.api ?? ''}
    environments:
      qa: {}
      production: { approval: { group: deployers }${extra.production ?? ''} }
    tasks:
      deploy: { command: [${FIX}/chat.sh] }
      fail:   { command: [${FIX}/chat.sh, "3"] }
      args:   { command: [${FIX}/args.sh, "{ref}", "{sha}"] }
      envdump: { command: [${FIX}/env-dump.sh] }
      ${extra.tasks ?? ''}
  web:
    environments: { qa: {} }
    tasks:
      deploy: { command: [${FIX}/chat.sh] }
`

export interface GitHubDeployBot {
  bot: DeployBot
  fake: FakeGitHub
  /** "METHOD /path" of each request the fake got since the last call. */
  requests (): string[]
  /** Says `command` as alice; bob approves the request it holds; returns what approving said. */
  approved (command: string): Promise<string[]>
  checkAnswers (): void
  stop (): Promise<void>
}

/** A restart: another bot on the same store, clock, fake GitHub and deploy directory. */
export interface Restart { store: SharedStore, clock: ManualClock, fake?: FakeGitHub, dir?: string }

// GitHub is tuned as the brain attaches, before the scripts load: a deploy start-up that
// calls GitHub (recovery) then already retries in milliseconds.
class TunedBrain extends MemoryBrain {
  override async attach (robot: Robot): Promise<void> {
    tuneGitHub(robot, FAST)
    await super.attach(robot)
  }
}

export async function startGitHubDeployBot (yaml = yamlFor(), env: Record<string, string> = {}, shared: Partial<Restart> = {}): Promise<GitHubDeployBot> {
  const clock = shared.clock ?? new ManualClock()
  const fake = shared.fake ?? await startFakeGitHub({ token: TOKEN, now: () => clock.now() })
  // Of a shared fake, requests() tells what this bot's start and later commands made:
  // what earlier bots made is read past here.
  const requests = newEntries(fake.requests, r => `${r.method} ${r.path}`)
  requests()
  const bot = await startDeployBot({
    yaml,
    clock,
    brain: new TunedBrain(),
    ...(shared.store != null ? { store: shared.store } : {}),
    ...(shared.dir != null ? { dir: shared.dir } : {}),
    env: { HUBOT_GITHUB_TOKEN: fake.token, HUBOT_GITHUB_API: fake.url, HUBOT_GITHUB_TIMEOUT: '2s', HUBOT_DEPLOY_LOG_URL: LOG_URL, ...env }
  })
  await bot.say('bob', 'hubot locks')
  await bot.say('admin', 'hubot bob has deployers role')
  const specs = specsDirOrSkip()
  const spec = specs != null ? loadGitHubSpec(specs) : null
  return {
    bot,
    fake,
    requests,
    async approved (command) {
      const held = await bot.say('alice', command)
      const id = /approve ([A-Z2-9]{6})/.exec(held.join('\n'))?.[1]
      if (id == null) throw new Error(`not held: ${JSON.stringify(held)}`)
      return await bot.say('bob', `hubot approve ${id}`)
    },
    checkAnswers () { expect(spec?.problems(fake.responses) ?? []).toEqual([]) },
    // A shared fake is closed by the bot that started it.
    async stop () { await bot.stop(); if (shared.fake == null) await fake.close() }
  }
}
