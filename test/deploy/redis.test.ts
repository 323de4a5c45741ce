// Two bot processes on one Redis (two connections, as far as Redis can tell): a lock and a
// run's claim on app+env are atomic, so of two at once exactly one wins.
import { afterEach, describe, expect, test } from '@jest/globals'
import { redisUrlOrSkip, uniquePrefix } from '../helpers/requirements.ts'
import { cleanUp, redisClient } from '../helpers/redis.ts'
import { RedisStore } from '../../src/store/index.ts'
import { ManualClock } from '../helpers/bot.ts'
import { startDeployBot, type DeployBot } from './harness.ts'

const url = await redisUrlOrSkip()
const maybe = url == null ? describe.skip : describe
const bots: DeployBot[] = []
let prefix = ''
afterEach(async () => {
  for (const b of bots.splice(0)) await b.stop()
  if (url != null && prefix !== '') await cleanUp(url, prefix)
})

async function twoBots (): Promise<[DeployBot, DeployBot]> {
  prefix = uniquePrefix('deploy')
  const clock = new ManualClock()
  const a = await startDeployBot({ clock, store: new RedisStore(redisClient(url!, 'deploy-a'), prefix) })
  const b = await startDeployBot({ clock, store: new RedisStore(redisClient(url!, 'deploy-b'), prefix), dir: a.dir })
  bots.push(a, b)
  return [a, b]
}

maybe('deploys on Redis', () => {
  test('two locks at once: exactly one is taken, the other names its holder', async () => {
    const [a, b] = await twoBots()
    const [one, two] = await Promise.all([a.say('alice', 'hubot lock web in staging'), b.say('bob', 'hubot lock web in staging')])
    const answers = [...one, ...two]
    expect(answers.filter(t => t.startsWith('OK, web in staging is locked by'))).toHaveLength(1)
    expect(answers.filter(t => / web in staging is locked by (alice|bob) until .* UTC\.$/.test(t) && !t.startsWith('OK'))).toHaveLength(1)
    expect(await b.say('carol', 'hubot locks')).toEqual([expect.stringMatching(/^web in staging is locked by (alice|bob) until/)])
  })

  test('two runs of one app+env at once: one starts, the other is refused as busy', async () => {
    const [a, b] = await twoBots()
    // hang runs until its 300 ms timeout: the second claim certainly meets the first run.
    const [one, two] = await Promise.all([a.say('alice', 'hubot hang web to staging'), b.say('bob', 'hubot hang web to staging')])
    const answers = [...one, ...two]
    expect(answers.filter(t => / started: /.test(t))).toHaveLength(1)
    expect(answers.filter(t => /is busy: deploy [A-Z2-9]{6} \(hang\) is running/.test(t))).toHaveLength(1)
    expect(await a.say('alice', 'hubot deploys')).toEqual([expect.stringMatching(/: timed out$/)])
  })
})
