// A run in flight when the bot stopped: the next start marks it failed ("interrupted") in
// the history and the audit trail, and releases its app+env.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, test } from '@jest/globals'
import { ManualClock } from '../helpers/bot.ts'
import { MemoryStore } from '../../src/store/index.ts'
import { FIX, startDeployBot, tell, until, type DeployBot } from './harness.ts'

const bots: DeployBot[] = []
afterEach(async () => { for (const b of bots.splice(0)) await b.stop() })

const YAML = `apps:\n  web:\n    environments: { staging: {} }\n    tasks:\n      hang: { command: [${FIX}/hang.sh], timeout: 20s }\n      deploy: { command: [${FIX}/chat.sh] }\n`

describe('an interrupted run', () => {
  test('is marked interrupted at the next start and its lock released', async () => {
    const clock = new ManualClock()
    const store = new MemoryStore({ clock })
    // The first bot starts a long task; a later one on the same store is the restart (the
    // first never records an end: that is what a crash leaves, with its heartbeat gone).
    const first = await startDeployBot({ store, clock, yaml: YAML })
    bots.push(first)
    const running = first.say('alice', 'hubot hang web to staging')
    const id = /deploy ([A-Z2-9]{6}) started/.exec(await until(first, /started/))?.[1] ?? ''
    await tell(first, 'bob', 'hubot deploy web to staging')
    expect(await until(first, /^bob: /)).toContain(`is busy: deploy ${id} (hang) is running`)

    // A bot starting beside a live one (two bots on one Redis) leaves its run alone.
    const beside = await startDeployBot({ store, clock, yaml: YAML, dir: first.dir })
    bots.push(beside)
    expect(await beside.say('carol', `hubot deploy status ${id}`)).toEqual([expect.stringMatching(/: running$/)])
    expect(beside.logs.audit().filter(a => a.event === 'deploy.finished')).toEqual([])

    // The crash: the first bot stops saying it is alive (30 s without its heartbeat).
    clock.advance(31_000)
    const second = await startDeployBot({ store, clock, yaml: YAML, dir: first.dir })
    bots.push(second)
    expect(second.logs.lines.find(l => l.msg === 'deploy was running when the bot stopped: marked interrupted, lock released')).toMatchObject({ deploy_id: id, app: 'web', env: 'staging', task: 'hang' })
    expect(second.logs.audit().find(a => a.event === 'deploy.finished')).toMatchObject({ deploy_id: id, result: 'interrupted', actor_id: 'system' })
    expect(await second.say('alice', `hubot deploy status ${id}`)).toEqual([expect.stringMatching(new RegExp(`^${id} alice hang web/main in staging, .*: interrupted$`))])
    expect(await second.say('alice', 'hubot deploys web')).toEqual([expect.stringMatching(/: interrupted$/)])
    // The environment is free again.
    expect((await second.say('bob', 'hubot deploy web to staging')).at(-1)).toMatch(/succeeded/)

    // The crash would have taken the first bot's child with it: end its process group.
    process.kill(-Number(readFileSync(path.join(first.dir, 'child.pid'), 'utf8').trim()), 'SIGKILL')
    await running
  })
})
