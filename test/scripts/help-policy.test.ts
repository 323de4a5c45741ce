// Help shows each command's policy, derived from listener metadata: this test ties every
// listener that declares roles or approval to a help line that says so.
import { readdirSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { describePolicy, helpEntries } from '../../src/access/help.ts'
import { ROOT, startTestBot, type TestBot } from '../helpers/bot.ts'

let bot: TestBot
beforeAll(async () => {
  const scripts = readdirSync(path.join(ROOT, 'scripts')).filter(f => f.endsWith('.ts'))
  bot = await startTestBot({ scripts })
})
afterAll(async () => { await bot.stop() })

describe('help and listener policy agree', () => {
  test('every listener with a role or approval policy has a help line carrying that policy', () => {
    const rules = bot.context.config.approval.rules
    const entries = helpEntries(bot.robot, rules)
    const privileged = bot.robot.listeners.filter(l => describePolicy(l, rules).length > 0)
    expect(privileged.length).toBeGreaterThan(0)
    for (const listener of privileged) {
      const documented = entries.filter(e => e.listenerIds.includes(String(listener.options.id)))
      expect({ id: listener.options.id, documented: documented.length > 0 }).toEqual({ id: listener.options.id, documented: true })
      for (const entry of documented) expect(entry.notes).toEqual(expect.arrayContaining(describePolicy(listener, rules)))
    }
  })

  test('help lines show the policy in chat', async () => {
    const [reply] = await bot.say('alice', 'hubot help has role')
    expect(reply).toContain('hubot <user> has <role> role - give a user a role (admins only) [role: admin]')
  })

  test('approval rules from config change what help says', async () => {
    const rulesBot = await startTestBot({ scripts: ['help.ts', 'roles.ts'], env: { HUBOT_APPROVAL_RULES: '{"roles.grant": {"group": "security", "quorum": 2}}' } })
    const [reply] = await rulesBot.say('alice', 'hubot help has role')
    expect(reply).toContain("[role: admin; needs 2 approvals from 'security']")
    await rulesBot.stop()
  })
})
