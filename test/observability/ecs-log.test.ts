// HUBOT_LOG_FORMAT=ecs: every line of a scripted session names only ECS fields of the ECS
// type, or our own under chatops. and labels.; the ECS names Kibana filters on are there;
// redaction holds in ECS lines as in pino's.
import { afterEach, describe, expect, test } from '@jest/globals'
import type { TestBot } from '../helpers/bot.ts'
import { specsDirOrSkip } from '../helpers/requirements.ts'
import { ecsProblems, readEcsFields } from './ecs-fields.ts'
import { PLANTED, scriptedSession } from './session.ts'

const specs = specsDirOrSkip()
const bots: TestBot[] = []
afterEach(async () => { for (const b of bots.splice(0)) await b.stop() })

describe('ECS log lines', () => {
  (specs == null ? test.skip : test)('every field of every line of a session is ECS (with its type) or ours', async () => {
    const types = readEcsFields(specs!)
    const { bot } = await scriptedSession({ HUBOT_LOG_FORMAT: 'ecs' })
    bots.push(bot)
    const lines = bot.logs.lines
    expect(lines.length).toBeGreaterThan(10)
    const problems = lines.flatMap((line, i) => ecsProblems(line, types).map(p => `line ${i} (${String(line.message)}): ${p}`))
    expect(problems).toEqual([])
    for (const line of lines) {
      expect(line).toEqual(expect.objectContaining({ 'ecs.version': expect.any(String), 'service.name': 'hubot', 'log.level': expect.any(String), message: expect.any(String) }))
      expect(Date.parse(String(line['@timestamp']))).not.toBeNaN()
    }
  })

  test('audit events carry event.action and event.outcome, the chat user and our ids', async () => {
    const { bot } = await scriptedSession({ HUBOT_LOG_FORMAT: 'ecs' })
    bots.push(bot)
    const audit = bot.logs.lines.filter(l => l['chatops.audit'] === true)
    const approved = audit.find(l => l['event.action'] === 'approval.approved')
    expect(approved).toEqual(expect.objectContaining({
      'event.kind': 'event', 'event.outcome': 'success', 'user.id': 'U-bob', 'chatops.listener': 'deploy.run', 'chatops.room': 'general', 'chatops.approval_id': expect.stringMatching(/^[A-Z2-9]{6}$/)
    }))
    expect(audit.find(l => l['event.action'] === 'approval.denied')).toEqual(expect.objectContaining({ 'event.outcome': 'failure' }))
    expect(audit.every(l => typeof l['event.action'] === 'string' && ['success', 'failure', 'unknown'].includes(String(l['event.outcome'])))).toBe(true)
  })

  test('an error becomes error.type, error.message and error.stack_trace; no pino names remain', async () => {
    const { bot } = await scriptedSession({ HUBOT_LOG_FORMAT: 'ecs' })
    bots.push(bot)
    const failed = bot.logs.lines.find(l => l['error.message'] === 'boom in the listener')
    expect(failed).toEqual(expect.objectContaining({ 'log.level': 'error', 'error.type': 'Error', 'chatops.listener': 'deploy.explode', 'user.id': 'U-alice', 'user.name': 'alice', 'chatops.room': 'general' }))
    expect(String(failed?.['error.stack_trace'])).toContain('approval-fixture.ts')
    for (const line of bot.logs.lines) for (const key of ['level', 'msg', 'time', 'err', 'pid']) expect(line).not.toHaveProperty([key])
  })

  test('redaction applies in ECS lines: the planted token is in no line, in either format', async () => {
    for (const format of ['ecs', 'pino']) {
      const { bot } = await scriptedSession({ HUBOT_LOG_FORMAT: format })
      bots.push(bot)
      expect(bot.logs.raw).toContain('xox?-[REDACTED]')
      expect(bot.logs.raw).not.toContain(PLANTED.slice(5))
    }
  })

  test('pino stays the default format', async () => {
    const { bot } = await scriptedSession()
    bots.push(bot)
    expect(bot.logs.lines[0]).toEqual(expect.objectContaining({ level: expect.any(Number), msg: expect.any(String), time: expect.any(String) }))
  })
})
