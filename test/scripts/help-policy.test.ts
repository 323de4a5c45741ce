// Help shows each command's policy, derived from listener metadata and approval rules.
// The expected lines are written out here: a help line that lost its policy, or a policy
// worded differently, fails this test (comparing describePolicy with itself could not).
import { readdirSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { describePolicy, formatHelpEntry, helpEntries } from '../../src/access/index.ts'
import { ROOT, startTestBot, type TestBot } from '../helpers/bot.ts'

// Every listener of scripts/ that declares roles or approval, and the help line (with its
// policy) that documents it, as chat shows it.
const POLICY_LINES: Record<string, string> = {
  'roles.grant': 'hubot <user> has <role> role - give a user a role [admins only]',
  'roles.revoke': "hubot <user> doesn't have <role> role - take a role away [admins only]",
  'approvals.audit': 'hubot audit [<n>] - the last n audit events (admins too) [role: auditor]',
  'approvals.break-glass': 'hubot break-glass <id> <reason> - run your own request now without approval [role: break-glass]',
  'pagerduty.ack-all': "hubot pager ack! - acknowledge every triggered incident [needs 1 approval from 'oncall']",
  'pagerduty.resolve-all': "hubot pager resolve! - resolve every open incident [needs 1 approval from 'oncall']",
  'pagerduty.trigger': "hubot pager trigger <target> <message> - open an incident for a user, or a schedule's or escalation policy's on-call (quote names with spaces) [needs 1 approval from 'oncall']",
  'pagerduty.maintenance': "hubot pager maintenance <minutes> <service> [<service> ...] - a maintenance window from now (service ids or names) [needs 1 approval from 'oncall']",
  'pagerduty.take': "hubot pager me <schedule> <minutes> - take the pager: an override for you on that schedule, from now [needs 1 approval from 'oncall']",
  // One line per task of the shipped deploy.example.yaml (the environment decides approval).
  'deploy.deploy': 'hubot deploy <app>[/<ref>] to <env> - run the configured deploy task (example) [may need approval]',
  'deploy.provision': 'hubot provision <app>[/<ref>] to <env> - run the configured provision task (example) [may need approval]',
  'deploy.rollback': 'hubot rollback <app>[/<ref>] to <env> - run the configured rollback task (example) [may need approval]'
}

let bot: TestBot
beforeAll(async () => {
  const scripts = readdirSync(path.join(ROOT, 'scripts')).filter(f => f.endsWith('.ts'))
  bot = await startTestBot({ scripts })
})
afterAll(async () => { await bot.stop() })

describe('help and listener policy agree', () => {
  test('every listener with a role or approval policy has the help line above, policy included', () => {
    const rules = bot.context.config.approval.rules
    const privileged = bot.robot.listeners.filter(l => describePolicy(l, rules).length > 0).map(l => String(l.options.id))
    expect(privileged.sort()).toEqual(Object.keys(POLICY_LINES).sort())
    const entries = helpEntries(bot.robot, rules)
    for (const [id, line] of Object.entries(POLICY_LINES)) {
      const documented = entries.filter(e => e.listenerIds.includes(id)).map(e => formatHelpEntry(e))
      expect({ id, documented }).toEqual({ id, documented: [line] })
    }
    // No other help line carries a policy note.
    const noted = entries.filter(e => e.notes.length > 0).map(e => formatHelpEntry(e)).sort()
    expect(noted).toEqual([...new Set(Object.values(POLICY_LINES))].sort())
  })

  test('help lines show the policy in chat', async () => {
    const [reply] = await bot.say('alice', 'hubot help has role')
    expect(reply).toContain('hubot <user> has <role> role - give a user a role [admins only]')
  })

  test('approval rules from config change what help says', async () => {
    const rulesBot = await startTestBot({ scripts: ['help.ts', 'roles.ts'], env: { HUBOT_APPROVAL_RULES: '{"roles.grant": {"group": "security", "quorum": 2}}' } })
    const [reply] = await rulesBot.say('alice', 'hubot help has role')
    expect(reply).toContain("hubot <user> has <role> role - give a user a role [admins only; needs 2 approvals from 'security']")
    await rulesBot.stop()
  })
})
