// A queued run of an app with github_deployments whose bot restarts mid-run: the bot that
// reports its end also sets its GitHub Deployment's final status (the Deployment the first
// bot created), so GitHub does not show it in progress for ever.
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, test } from '@jest/globals'
import { ManualClock } from '../helpers/bot.ts'
import { redisUrlOrSkip, uniquePrefix } from '../helpers/requirements.ts'
import { cleanUp, redisClient } from '../helpers/redis.ts'
import { RedisStore } from '../../src/store/index.ts'
import { FIX, tell, until } from './harness.ts'
import { eventually, startWorker, type WorkerProcess } from './queue-harness.ts'
import { LOG_URL, startGitHubDeployBot, yamlFor, type GitHubDeployBot } from '../scripts/deploy-github-harness.ts'

const url = await redisUrlOrSkip()
const maybe = url == null ? describe.skip : describe
const bots: GitHubDeployBot[] = []
let worker: WorkerProcess | null = null
let prefix = ''
afterEach(async () => {
  for (const b of bots) writeFileSync(path.join(b.bot.dir, 'go'), '')
  // The first bot started the fake GitHub: stopped last.
  for (const b of bots.splice(0).reverse()) { b.checkAnswers(); await b.stop() }
  await worker?.stop()
  worker = null
  if (url != null && prefix !== '') await cleanUp(url, prefix)
})

const yaml = yamlFor({ api: 'github_deployments: true', tasks: `gate: { command: [${FIX}/gate.sh] }` })
const statesOf = (g: GitHubDeployBot, deploymentId: number): string[] =>
  g.fake.state.deploymentStatuses.filter(s => s.deployment_id === deploymentId).sort((a, b) => a.id - b.id).map(s => s.state)

maybe('GitHub Deployments of queued runs', () => {
  test('the bot that reports the end after a restart sets the Deployment the first bot created to success', async () => {
    prefix = uniquePrefix('deploy-queue-github')
    const clock = new ManualClock()
    const env = { REDIS_URL: url!, HUBOT_REDIS_PREFIX: prefix }
    const first = await startGitHubDeployBot(yaml, env, { clock, store: new RedisStore(redisClient(url!, 'deploy-gh-a'), prefix) })
    bots.push(first)
    worker = await startWorker(url!, prefix)
    await tell(first.bot, 'alice', 'hubot gate api/main to qa')
    const id = /deploy ([A-Z2-9]{6}) started/.exec(await until(first.bot, /started/))?.[1] ?? ''
    await until(first.bot, /^waiting for the gate$/, 10_000)
    await eventually(() => statesOf(first, 7004).length === 1)

    await first.bot.stop() // the restart; the fake GitHub stays up
    const second = await startGitHubDeployBot(yaml, env, { clock, fake: first.fake, dir: first.bot.dir, store: new RedisStore(redisClient(url!, 'deploy-gh-b'), prefix) })
    bots.push(second)
    second.requests()
    writeFileSync(path.join(first.bot.dir, 'go'), '')
    expect(await until(second.bot, new RegExp(`^deploy ${id} `), 10_000)).toMatch(new RegExp(`^deploy ${id} succeeded`))
    await eventually(() => statesOf(second, 7004).length === 2)
    expect(statesOf(second, 7004)).toEqual(['in_progress', 'success'])
    expect(second.requests()).toEqual(['POST /repos/acme/api/deployments/7004/statuses'])
    expect(second.fake.state.deploymentStatuses.filter(s => s.deployment_id === 7004).at(-1)).toMatchObject({ log_url: LOG_URL.replace('{deploy_id}', id) })
  }, 60_000)
})
